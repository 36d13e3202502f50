import { useNavigate } from '@tanstack/react-router'
import { useState, type FormEvent } from 'react'

import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { TextAreaField, TextField } from '@/components/ui/text-field'
import { ApiError } from '@/lib/api'
import { uploadMedia } from '@/lib/media'
import type { User } from '@/lib/schemas'

import { useUpdateProfile } from '../hooks/use-update-profile'

export function EditProfileForm({ user }: { user: User }) {
  const navigate = useNavigate()
  const update = useUpdateProfile()
  const [avatarUrl, setAvatarUrl] = useState(user.avatarUrl ?? '')
  const [uploading, setUploading] = useState(false)
  const [uploadError, setUploadError] = useState<string>()
  const [bio, setBio] = useState(user.bio ?? '')
  const errors = update.error instanceof ApiError ? (update.error.errors ?? {}) : {}

  const pickAvatar = async (file: File | undefined) => {
    if (!file) return
    setUploading(true)
    setUploadError(undefined)
    try {
      setAvatarUrl(await uploadMedia(file))
    } catch (error) {
      setUploadError(error instanceof ApiError ? (error.detail ?? error.title) : 'The upload failed')
    } finally {
      setUploading(false)
    }
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget)
    update.mutate(
      {
        displayName: String(form.get('displayName')).trim(),
        bio: bio.trim(),
        location: String(form.get('location')).trim(),
        avatarUrl,
      },
      { onSuccess: (saved) => void navigate({ to: '/$username', params: { username: saved.username } }) },
    )
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5 p-4">
      {update.error && Object.keys(errors).length === 0 && (
        <p role="alert" className="text-danger">
          {update.error.message}
        </p>
      )}

      <div className="flex items-center gap-4">
        <Avatar user={{ ...user, avatarUrl }} size="lg" />
        <label className="cursor-pointer rounded-full border border-line px-4 py-1.5 font-bold hover:bg-subtle has-focus-visible:outline-2 has-focus-visible:outline-accent">
          {uploading ? 'Uploading…' : 'Change picture'}
          <input
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            className="sr-only"
            onChange={(event) => void pickAvatar(event.target.files?.[0])}
          />
        </label>
        {avatarUrl && (
          <button type="button" onClick={() => setAvatarUrl('')} className="text-sm text-muted hover:underline">
            Remove
          </button>
        )}
      </div>
      {(uploadError ?? errors.avatarUrl) && (
        <p role="alert" className="text-[13px] text-danger">
          {uploadError ?? `Picture ${errors.avatarUrl}`}
        </p>
      )}

      <TextField label="Name" name="displayName" defaultValue={user.displayName} maxLength={50} error={errors.displayName} />
      <TextAreaField
        label="Bio"
        name="bio"
        rows={3}
        value={bio}
        onChange={(event) => setBio(event.target.value)}
        hint={`${[...bio].length} / 160`}
        error={errors.bio}
      />
      <TextField label="Location" name="location" defaultValue={user.location ?? ''} maxLength={30} error={errors.location} />

      <div className="flex justify-end gap-3">
        <Button variant="outline" onClick={() => void navigate({ to: '/$username', params: { username: user.username } })}>
          Cancel
        </Button>
        <Button type="submit" variant="inverse" disabled={update.isPending || uploading}>
          {update.isPending ? 'Saving…' : 'Save'}
        </Button>
      </div>
    </form>
  )
}
