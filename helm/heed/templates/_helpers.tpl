{{- define "heed.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "heed.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector labels of one service: dict "root" $ "component" "inference" */}}
{{- define "heed.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "heed.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "heed.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image of a service: dict "root" $ "service" "inference" */}}
{{- define "heed.image" -}}
{{- $suffix := "" -}}
{{- if and (eq .service "inference") .root.Values.inference.gpu.enabled -}}{{- $suffix = "-gpu" -}}{{- end -}}
{{- printf "%s/heed-%s%s:%s" .root.Values.image.registry .service $suffix (default .root.Chart.AppVersion .root.Values.image.tag) -}}
{{- end -}}

{{/* Environment every service gets: Kafka and, with a Secret, its client settings file. */}}
{{- define "heed.kafkaEnv" -}}
- name: HEED_BOOTSTRAP_SERVERS
  value: {{ required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers | quote }}
{{- if .Values.kafka.existingSecret }}
- name: HEED_KAFKA_CONFIG
  value: {{ printf "/etc/heed/kafka/%s" .Values.kafka.configKey | quote }}
{{- end }}
{{- end -}}

{{- define "heed.kafkaVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
{{- if .Values.kafka.existingSecret }}
- name: kafka-client
  mountPath: /etc/heed/kafka
  readOnly: true
{{- end }}
{{- end -}}

{{- define "heed.kafkaVolumes" -}}
- name: tmp
  emptyDir:
    sizeLimit: {{ .Values.tmpSizeLimit }}
{{- if .Values.kafka.existingSecret }}
- name: kafka-client
  secret:
    secretName: {{ .Values.kafka.existingSecret }}
    defaultMode: 0440
{{- end }}
{{- end -}}

{{/* Probes on the ops port. */}}
{{- define "heed.probes" -}}
startupProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet: {path: /healthz, port: http}
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
  timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
readinessProbe:
  httpGet: {path: /readyz, port: http}
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
  timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
{{- end -}}

{{- define "heed.extraEnv" -}}
{{- range $k, $v := . }}
- name: {{ $k }}
  value: {{ $v | quote }}
{{- end }}
{{- end -}}
