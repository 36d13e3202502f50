{{/* The name of one part of the release: <release>-<part> */}}
{{- define "tl.name" -}}
{{- printf "%s-%s" .root.Release.Name .part | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels every object carries; .part is the application or server */}}
{{- define "tl.labels" -}}
app.kubernetes.io/name: {{ .part }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: twitter-like
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{/* The labels that select one part's pods */}}
{{- define "tl.selector" -}}
app.kubernetes.io/name: {{ .part }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* The database role of a service: graph-service is graph_service (devstack's db/roles.sql) */}}
{{- define "tl.role" -}}
{{- replace "-" "_" . -}}
{{- end -}}

{{/* Where each server is: the values', or the in-cluster one's */}}
{{- define "tl.postgresHost" -}}
{{- .Values.postgres.host | default (include "tl.name" (dict "root" . "part" "postgres")) -}}
{{- end -}}

{{- define "tl.jdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%v/%s" (include "tl.postgresHost" .) .Values.postgres.port .Values.postgres.database -}}
{{- with .Values.postgres.sslmode }}?sslmode={{ . }}{{ end -}}
{{- end -}}

{{- define "tl.replicaJdbcUrl" -}}
{{- printf "jdbc:postgresql://%s:%v/%s" .Values.postgres.replicaHost .Values.postgres.port .Values.postgres.database -}}
{{- with .Values.postgres.sslmode }}?sslmode={{ . }}{{ end -}}
{{- end -}}

{{- define "tl.redisHost" -}}
{{- .Values.redis.host | default (include "tl.name" (dict "root" . "part" "valkey")) -}}
{{- end -}}

{{- define "tl.kafkaBootstrap" -}}
{{- .Values.kafka.bootstrapServers | default (printf "%s:9092" (include "tl.name" (dict "root" . "part" "kafka"))) -}}
{{- end -}}

{{/*
A secret value: the given one, else the one already in the cluster (secrets.lookupExisting: an
upgrade keeps what the install generated), else a new random one; or a failure where the chart
cannot make it up (a password of a server it does not run).
*/}}
{{- define "tl.secretValue" -}}
{{- $existing := dict -}}
{{- if and (not .value) .root.Values.secrets.lookupExisting -}}
{{- $existing = (lookup "v1" "Secret" .root.Release.Namespace .name).data | default dict -}}
{{- end -}}
{{- if .value -}}
{{- .value -}}
{{- else if index $existing .key -}}
{{- index $existing .key | b64dec -}}
{{- else if .required -}}
{{- fail (printf "%s is required: %s" .valueName .required) -}}
{{- else -}}
{{- randAlphaNum 32 -}}
{{- end -}}
{{- end -}}

{{- define "tl.image" -}}
{{- printf "%s%s/%s:%s" .root.Values.image.registry .root.Values.image.repository .part .root.Values.image.tag -}}
{{- end -}}
