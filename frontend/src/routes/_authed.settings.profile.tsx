import { createFileRoute } from '@tanstack/react-router'

import { PageHeader } from '@/components/ui/page-header'
import { RouteError, RoutePending } from '@/components/ui/route-states'
import { EditProfileForm } from '@/features/users/components/edit-profile-form'
import { useViewer } from '@/lib/session'

export const Route = createFileRoute('/_authed/settings/profile')({
  pendingComponent: RoutePending,
  errorComponent: RouteError,
  component: EditProfilePage,
})

function EditProfilePage() {
  const viewer = useViewer()

  return (
    <>
      <PageHeader title="Edit profile" back />
      <EditProfileForm user={viewer} />
    </>
  )
}
