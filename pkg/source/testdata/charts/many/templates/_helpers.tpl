{{- define "many.container" -}}
- name: app
  image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag }}"
  ports:
    - containerPort: 8080
  resources:
    {{- toYaml .root.Values.resources | nindent 4 }}
{{- end }}
