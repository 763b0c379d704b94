{{/*
One Ferry Deployment: the same image for every component, FERRY_ROLES choosing what the
process runs. Call with (dict "root" $ "component" "web" "values" .Values.web).
*/}}
{{- define "ferry.deployment" -}}
{{- $root := .root -}}
{{- $v := .values -}}
{{- $ctx := dict "root" $root "component" .component -}}
{{- $configFile := include "ferry.applicationYamlSecretName" $root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "ferry.fullname" $root }}-{{ .component }}
  labels:
    {{- include "ferry.componentLabels" $ctx | nindent 4 }}
spec:
  {{- if not (and (eq .component "worker") $v.autoscaling.enabled) }}
  replicas: {{ $v.replicas }}
  {{- end }}
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      {{- include "ferry.componentSelectorLabels" $ctx | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      # a new pod is ready before an old one goes
      maxSurge: 1
      maxUnavailable: 0
  template:
    metadata:
      labels:
        {{- include "ferry.componentSelectorLabels" $ctx | nindent 8 }}
        app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
      annotations:
        # a changed setting or credential rolls the pods
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        checksum/secret: {{ include (print $root.Template.BasePath "/secret.yaml") $root | sha256sum }}
        {{- with $v.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "ferry.serviceAccountName" $root }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      {{- if $root.Values.spreadOverNodes }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "ferry.componentSelectorLabels" $ctx | nindent 14 }}
      {{- end }}
      {{- with $v.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $v.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      containers:
        - name: ferry
          image: {{ include "ferry.image" $root | quote }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "ferry.fullname" $root }}-config
            - secretRef:
                name: {{ include "ferry.secretName" $root }}
          env:
            - name: FERRY_ROLES
              value: {{ .component | quote }}
            - name: FERRY_PORT
              value: "8080"
            - name: FERRY_DB_POOL_SIZE
              value: {{ $v.dbPoolSize | quote }}
            {{- if $configFile }}
            - name: SPRING_CONFIG_ADDITIONAL_LOCATION
              value: "optional:file:/etc/ferry/config/"
            {{- end }}
            {{- range $name, $value := $v.extraEnv }}
            - name: {{ $name }}
              value: {{ $value | quote }}
            {{- end }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          resources:
            {{- toYaml $v.resources | nindent 12 }}
          startupProbe:
            httpGet:
              path: {{ $root.Values.probes.startup.path }}
              port: http
            periodSeconds: {{ $root.Values.probes.startup.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.startup.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: {{ $root.Values.probes.liveness.path }}
              port: http
            periodSeconds: {{ $root.Values.probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: {{ $root.Values.probes.readiness.path }}
              port: http
            periodSeconds: {{ $root.Values.probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $root.Values.probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $root.Values.probes.readiness.failureThreshold }}
          {{- if $v.preStopSleepSeconds }}
          lifecycle:
            preStop:
              # the endpoint leaves the Service (and the ingress controller's list) before
              # Tomcat stops taking connections
              exec:
                command: ["sleep", {{ $v.preStopSleepSeconds | quote }}]
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $configFile }}
            - name: config-file
              mountPath: /etc/ferry/config
              readOnly: true
            {{- end }}
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpVolume.sizeLimit }}
        {{- if $configFile }}
        - name: config-file
          secret:
            secretName: {{ $configFile }}
            items:
              - key: application.yml
                path: application.yml
        {{- end }}
{{- end }}
