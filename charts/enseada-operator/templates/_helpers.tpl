{{- define "enseada-operator.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "enseada-operator.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "enseada-operator.labels" -}}
app.kubernetes.io/name: {{ include "enseada-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "enseada-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "enseada-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "enseada-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "enseada-operator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
The rules the operator needs on the namespaces it watches: exactly the verbs it uses, checked against
the API server's audit log by the operator's tests (OperatorInClusterIT). Server-side apply creates
and updates with PATCH; creating that way also needs `create`. Objects the operator produces carry
ownerReferences with blockOwnerDeletion, for which the OwnerReferencesPermissionEnforcement
admission plugin (on in OpenShift) asks for `update` on the owner's finalizers.
*/}}
{{- define "enseada-operator.rules" -}}
- apiGroups: ["enseada.io"]
  resources: ["registries"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["enseada.io"]
  resources: ["repositories", "accesspolicies"]
  verbs: ["list", "watch", "patch"]
- apiGroups: ["enseada.io"]
  resources: ["registries/status", "repositories/status", "accesspolicies/status"]
  verbs: ["patch"]
- apiGroups: ["enseada.io"]
  resources: ["registries/finalizers", "accesspolicies/finalizers"]
  verbs: ["update"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["configmaps", "services"]
  verbs: ["list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["list", "watch"]
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["policy"]
  resources: ["poddisruptionbudgets"]
  verbs: ["list", "watch", "create", "patch", "delete"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create"]
{{- end -}}
