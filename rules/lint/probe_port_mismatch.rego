# METADATA
# title: probe-port-mismatch
# description: A probe targets a port the container does not declare. A named port that does not exist makes the probe fail every time (error); a number missing from the declared ports may be a separate health port, which works, or the wrong port (info).
# custom:
#   id: probe-port-mismatch
#   severity: error
#   category: probes
#   remedy: Point the probe at a port listed in the container's ports (by name or number), or declare the port the process really listens on.
#   peers: [kube-linter:liveness-port, kube-linter:readiness-port, kube-linter:startup-port]
package poddoctor.lint.probe_port_mismatch

import data.poddoctor.lib.k8s

probe_fields := ["livenessProbe", "readinessProbe", "startupProbe"]

handlers := ["httpGet", "tcpSocket", "grpc"]

# probe_ports are the port of every probe handler of every container,
# looked up once for both rules below.
probe_ports contains [c, probe, handler, port] if {
	some c in k8s.containers
	some probe in probe_fields
	some handler in handlers
	port := c.spec[probe][handler].port
}

findings contains f if {
	some [c, probe, handler, port] in probe_ports
	is_string(port)
	not port in {p.name | some p in object.get(c.spec, "ports", [])}
	f := {
		"msg": sprintf("container %q: %s uses the port name %q, which the container does not declare", [c.name, probe, port]),
		"path": sprintf("%s.%s.%s.port", [c.path, probe, handler]),
		"container": c.name,
	}
}

findings contains f if {
	some [c, probe, handler, port] in probe_ports
	is_number(port)
	declared := {p.containerPort | some p in object.get(c.spec, "ports", [])}
	count(declared) > 0
	not port in declared
	f := {
		"msg": sprintf("container %q: %s checks port %d, but the container declares only %v", [c.name, probe, port, sort(declared)]),
		"path": sprintf("%s.%s.%s.port", [c.path, probe, handler]),
		"container": c.name,
		# The kubelet probes the pod's IP at any port, declared or not, and
		# every such probe seen on real charts was a working health port.
		"severity": "info",
	}
}
