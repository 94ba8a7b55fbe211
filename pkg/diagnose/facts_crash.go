package diagnose

// Port is one port a container declares.
type Port struct {
	Name          string `json:"name,omitempty"`
	ContainerPort int32  `json:"containerPort"`
	HostPort      int32  `json:"hostPort,omitempty"`
	// Protocol is TCP, UDP or SCTP (TCP when the spec leaves it out).
	Protocol string `json:"protocol"`
}

// Mount is one volume mount of a container.
type Mount struct {
	// Volume is the name of the pod volume mounted.
	Volume    string `json:"volume"`
	MountPath string `json:"mountPath"`
	SubPath   string `json:"subPath,omitempty"`
	ReadOnly  bool   `json:"readOnly,omitempty"`
}
