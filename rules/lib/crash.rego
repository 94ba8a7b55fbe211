# What a crashed container's log says, in words, with the remedy for each
# cause, and how the cause reads against the pod's other containers: they
# share one network namespace (localhost, ports) and the pod's volumes.
# The input is a facts document; c is one of input.pod.containers, whose
# logCause pkg/diagnose/classify found (docs/facts.md, LogCause).
package poddoctor.lib.crash

import data.poddoctor.lib.diagnose as d

# known holds when the log states why the container ended.
known(c) if c.logCause.cause

# text is the cause as a clause: "the Python module \"celery\" cannot be
# imported", with the pod's other containers where they explain it.
text(c) := concat("; ", array.concat([cause_text(c.logCause)], sibling_clauses(c)))

# remedy is what to do about the cause, specific to it: about the sibling
# when one explains it, else about the cause itself.
remedy(c) := concat(" ", sibling_remedies(c)) if count(sibling_remedies(c)) > 0

remedy(c) := cause_remedy(c, c.logCause) if count(sibling_remedies(c)) == 0

# evidence is the line that states the cause, unless the log tail shown
# beside it already holds it.
evidence(c) := [] if log_holds_cause_line(c)

evidence(c) := [sprintf("Log: %s", [c.logCause.line])] if {
	not log_holds_cause_line(c)
}

log_holds_cause_line(c) if {
	some line in c.logTail
	contains(line, c.logCause.line)
}

# The termination message is shown too (FallbackToLogsOnError copies the
# log's end into it).
log_holds_cause_line(c) if {
	some s in [object.get(c, "lastState", {}), c.state]
	contains(object.get(s, "message", ""), c.logCause.line)
}

# exit_words says how the process ended without the exit code's usual
# meaning: the log's cause wins over it (a Node.js process that ran out of
# heap and exited 139 did not have a segmentation fault).
exit_words(exit) := sprintf("exit code %d", [exit.code])

address(lc) := sprintf("%s:%d", [lc.host, lc.port]) if {
	lc.host
	lc.port > 0
}

address(lc) := sprintf("port %d", [lc.port]) if {
	not lc.host
	lc.port > 0
}

address(lc) := lc.host if {
	lc.host
	not lc.port
}

address(lc) := "its dependency" if {
	not lc.host
	not lc.port
}

language := {"python": "Python", "node": "Node.js", "java": "Java", "go": "Go"}

lang(lc) := language[lc.family]

lang(lc) := "" if not language[lc.family]

memory := {
	"heap": "heap", "metaspace": "metaspace", "direct-memory": "direct (off-heap) memory",
	"threads": "native threads", "javascript-heap": "JavaScript heap",
}

path_or(lc, fallback) := lc.path if lc.path

path_or(lc, fallback) := fallback if not lc.path

cause_text(lc) := sprintf("the %s module %q cannot be found", [lang(lc), lc.module]) if lc.cause == "module-not-found"

cause_text(lc) := sprintf("%s from module %q", [lc.message, lc.module]) if {
	lc.cause == "import-error"
	lc.module
}

cause_text(lc) := lc.message if {
	lc.cause == "import-error"
	not lc.module
}

cause_text(lc) := sprintf("the Java class %q is not on the classpath", [lc.className]) if lc.cause == "class-not-found"

cause_text(lc) := sprintf("the environment variable %q is not set", [lc.variable]) if lc.cause == "missing-env-var"

cause_text(lc) := sprintf("the connection to %s was refused", [address(lc)]) if lc.cause == "connection-refused"

cause_text(lc) := sprintf("the connection to %s timed out", [address(lc)]) if lc.cause == "connection-timeout"

cause_text(lc) := sprintf("the host name %q does not resolve", [lc.host]) if {
	lc.cause == "host-not-found"
	lc.host
}

cause_text(lc) := "a host name does not resolve" if {
	lc.cause == "host-not-found"
	not lc.host
}

cause_text(lc) := sprintf("the TLS certificate of %s is not trusted (%s)", [address(lc), object.get(lc, "message", "verification failed")]) if lc.cause == "tls-error"

cause_text(lc) := sprintf("port %d is already in use", [lc.port]) if {
	lc.cause == "address-in-use"
	lc.port > 0
}

cause_text(lc) := "the port it listens on is already in use" if {
	lc.cause == "address-in-use"
	not lc.port
}

cause_text(lc) := sprintf("it may not listen on port %d: ports below 1024 need root or the NET_BIND_SERVICE capability", [lc.port]) if lc.cause == "privileged-port"

cause_text(lc) := sprintf("permission denied on %s", [path_or(lc, "a file")]) if lc.cause == "permission-denied"

cause_text(lc) := sprintf("%s is on a read-only file system", [path_or(lc, "a path it writes")]) if lc.cause == "read-only-filesystem"

cause_text(lc) := sprintf("%s does not exist", [path_or(lc, "a file it needs")]) if {
	lc.cause == "file-not-found"
	not lc.kind == "interpreter"
}

cause_text(lc) := sprintf("%s cannot be executed: the interpreter its #! line names is not in the image, or the script has Windows line ends", [path_or(lc, "the entrypoint")]) if {
	lc.cause == "file-not-found"
	lc.kind == "interpreter"
}

cause_text(lc) := sprintf("it ran out of %s memory (%s)", [memory[lc.kind], object.get(lc, "message", lc.kind)]) if {
	lc.cause == "out-of-memory"
	memory[lc.kind]
}

cause_text(lc) := "it ran out of memory" if {
	lc.cause == "out-of-memory"
	not memory[lc.kind]
}

cause_text(lc) := sprintf("it panicked: %s, at %s", [lc.message, lc.frame]) if {
	lc.cause == "panic"
	lc.frame
}

cause_text(lc) := sprintf("it panicked: %s", [lc.message]) if {
	lc.cause == "panic"
	not lc.frame
}

cause_text(lc) := sprintf("its command line passes -%s, a flag the program does not define", [lc.flag]) if lc.cause == "unknown-flag"

cause_text(lc) := sprintf("it failed to start: %s", [lc.message]) if lc.cause == "startup-failed"

cause_text(lc) := sprintf("the database refused the login of user %q", [lc.user]) if lc.cause == "auth-failed"

cause_text(lc) := sprintf("its configuration has unknown directive %q (%s)", [lc.directive, path_or(lc, "configuration file")]) if {
	lc.cause == "config-error"
	lc.family == "nginx"
	startswith(object.get(lc, "message", ""), "unknown directive")
}

cause_text(lc) := sprintf("its configuration is invalid: %s", [config_detail(lc)]) if {
	lc.cause == "config-error"
	not startswith(object.get(lc, "message", ""), "unknown directive")
}

config_detail(lc) := sprintf("%s (%s)", [lc.message, lc.path]) if {
	lc.message
	lc.path
}

config_detail(lc) := sprintf("%s %q", [lc.message, lc.directive]) if {
	lc.message
	not lc.path
	lc.directive
}

config_detail(lc) := lc.message if {
	lc.message
	not lc.path
	not lc.directive
}

cause_text(lc) := sprintf("the data directory %s holds only the lost+found directory of a freshly formatted volume, and %s will only initialize an empty directory", [path_or(lc, "of the volume"), lc.family]) if {
	lc.cause == "data-dir-not-empty"
	lc.lostFound
}

cause_text(lc) := sprintf("the data directory %s is not empty, so %s will not initialize it", [path_or(lc, "of the volume"), lc.family]) if {
	lc.cause == "data-dir-not-empty"
	not lc.lostFound
}

cause_text(lc) := sprintf("the data directory %s has the wrong owner or permissions (%s)", [path_or(lc, "of the volume"), object.get(lc, "message", "")]) if lc.cause == "data-dir-permissions"

cause_text(lc) := sprintf("its data file %s is corrupt (%s)", [path_or(lc, ""), object.get(lc, "message", "")]) if lc.cause == "corrupt-data"

cause_text(lc) := sprintf("the kernel setting %s is %s, below the %s it requires", [lc.setting, lc.current, lc.required]) if {
	lc.cause == "kernel-setting"
	lc.current
}

cause_text(lc) := sprintf("its bootstrap check on %s failed (needs %s)", [lc.setting, lc.required]) if {
	lc.cause == "kernel-setting"
	not lc.current
}

cause_text(lc) := "its binary is built for another CPU architecture (exec format error)" if lc.cause == "exec-format"

cause_text(lc) := sprintf("it stopped on an uncaught %s: %s", [lc.exception, lc.message]) if lc.cause == "exception"

cause_remedy(c, lc) := sprintf("Install %q in the image (requirements.txt or package.json, then rebuild), or fix the module path the command names.", [lc.module]) if lc.cause == "module-not-found"

cause_remedy(c, lc) := "Pin the library versions the code was written for (a newer release removed the name), then rebuild the image." if lc.cause == "import-error"

cause_remedy(c, lc) := sprintf("Put the jar that holds %s on the classpath (check the image's build and the -cp or main-class setting).", [lc.className]) if lc.cause == "class-not-found"

cause_remedy(c, lc) := sprintf("Set %s in the container's env (value, or valueFrom a ConfigMap or Secret key).", [lc.variable]) if lc.cause == "missing-env-var"

cause_remedy(c, lc) := sprintf("Check that what should serve %s is running and listening there, and that the address is right; if it starts later than this container, retry the connection instead of exiting.", [address(lc)]) if {
	lc.cause == "connection-refused"
	not loopback(lc)
}

cause_remedy(c, lc) := sprintf("Containers of a pod reach each other on localhost at the port the serving container listens on: check which of them should listen on %s.", [address(c.logCause)]) if {
	lc.cause == "connection-refused"
	loopback(lc)
}

cause_remedy(c, lc) := sprintf("Check the network path to %s: NetworkPolicies, the Service's endpoints, and firewalls between the node and the dependency.", [address(lc)]) if lc.cause == "connection-timeout"

cause_remedy(c, lc) := sprintf("Check the name %q: is the Service in this namespace (else use NAME.NAMESPACE.svc), is it spelled right, and does cluster DNS work from the node?", [lc.host]) if {
	lc.cause == "host-not-found"
	lc.host
}

cause_remedy(c, lc) := "Check the host names the configuration uses and that cluster DNS answers from this node." if {
	lc.cause == "host-not-found"
	not lc.host
}

cause_remedy(c, lc) := "Give the container the CA that signed the server's certificate (mount it and point the client's CA bundle at it), or fix the certificate's names and dates on the server." if lc.cause == "tls-error"

cause_remedy(c, lc) := "Make sure only one process listens on the port: a second copy in the same container, or another container of the pod (they share one network namespace)." if lc.cause == "address-in-use"

cause_remedy(c, lc) := "Listen on a port above 1024 (and map it in the Service), or add the NET_BIND_SERVICE capability to securityContext.capabilities.add; net.ipv4.ip_unprivileged_port_start can also be set as a pod sysctl." if lc.cause == "privileged-port"

cause_remedy(c, lc) := sprintf("Make %s writable for the container's user: set securityContext.fsGroup (or runAsUser to the owner), or fix the ownership in the image.", [path_or(lc, "the path")]) if lc.cause == "permission-denied"

cause_remedy(c, lc) := sprintf("The root file system is read-only (readOnlyRootFilesystem): mount an emptyDir at %s.", [path_or(lc, "the directory it writes")]) if lc.cause == "read-only-filesystem"

cause_remedy(c, lc) := sprintf("Provide %s: mount the ConfigMap, Secret or volume that holds it at that path, or fix the path in the command or configuration.", [path_or(lc, "the file")]) if {
	lc.cause == "file-not-found"
	not lc.kind == "interpreter"
}

cause_remedy(c, lc) := sprintf("Check the first line of %s: use an interpreter the image has (/bin/sh in alpine and distroless-based images has no bash), and convert the file to Unix line ends (dos2unix) before building.", [path_or(lc, "the script")]) if {
	lc.cause == "file-not-found"
	lc.kind == "interpreter"
}

cause_remedy(c, lc) := sprintf("Give the JavaScript heap room: set NODE_OPTIONS=--max-old-space-size below the memory limit (%s), or find the leak.", [d.memory_limit(c)]) if {
	lc.cause == "out-of-memory"
	lc.kind == "javascript-heap"
}

cause_remedy(c, lc) := sprintf("Raise the JVM's %s limit (-Xmx, -XX:MaxMetaspaceSize, -XX:MaxDirectMemorySize or -XX:MaxRAMPercentage) within the container's memory limit (%s), or find the leak.", [lc.kind, d.memory_limit(c)]) if {
	lc.cause == "out-of-memory"
	lc.family == "java"
}

cause_remedy(c, lc) := sprintf("Raise the memory it may use within the container's limit (%s), or find what allocates it.", [d.memory_limit(c)]) if {
	lc.cause == "out-of-memory"
	not lc.kind == "javascript-heap"
	not lc.family == "java"
}

cause_remedy(c, lc) := "Fix the bug at the frame the panic names; the log shows the full stack." if lc.cause == "panic"

cause_remedy(c, lc) := sprintf("Remove or correct -%s in the container's command or args: the program's usage text in the log lists the flags it knows.", [lc.flag]) if lc.cause == "unknown-flag"

cause_remedy(c, lc) := "Act on the Action the application printed below its failure description." if {
	lc.cause == "startup-failed"
	lc.family == "java"
}

cause_remedy(c, lc) := "The worker's own error is above this line in the log: run the app's import once in the image (python -c 'import app') to see it." if {
	lc.cause == "startup-failed"
	not lc.family == "java"
}

cause_remedy(c, lc) := sprintf("Check the password the container gets for user %q (the Secret it reads) against the database's.", [lc.user]) if lc.cause == "auth-failed"

cause_remedy(c, lc) := sprintf("Fix %s in the configuration the container mounts, and test it before rolling out (nginx -t, redis-server --test-memory... as the program offers).", [config_subject(lc)]) if lc.cause == "config-error"

config_subject(lc) := sprintf("directive %q", [lc.directive]) if lc.directive

config_subject(lc) := lc.path if {
	not lc.directive
	lc.path
}

config_subject(lc) := "the setting it names" if {
	not lc.directive
	not lc.path
}

cause_remedy(c, lc) := sprintf("Put the data directory in a subdirectory of the volume: set PGDATA to %s/pgdata (or mount the volume one level up).", [path_or(lc, "/var/lib/postgresql/data")]) if {
	lc.cause == "data-dir-not-empty"
	lc.family == "postgres"
}

cause_remedy(c, lc) := "Point mysqld's datadir at an empty subdirectory of the volume (--datadir or a subPath mount); the volume root of a fresh ext4 disk holds lost+found." if {
	lc.cause == "data-dir-not-empty"
	lc.family == "mysql"
}

cause_remedy(c, lc) := "Give the database an empty data directory: a subdirectory of the volume, or a fresh volume." if {
	lc.cause == "data-dir-not-empty"
	not lc.family in {"postgres", "mysql"}
}

cause_remedy(c, lc) := sprintf("Run the container as the user that owns %s, or set securityContext.fsGroup so the volume is group-owned; on NFS, export it without root squash or chown it there.", [path_or(lc, "the data directory")]) if lc.cause == "data-dir-permissions"

cause_remedy(c, lc) := "Back up the file, then repair it with the program's own tool (redis-check-aof --fix for an AOF) from a debug container, or restore it from a backup." if lc.cause == "corrupt-data"

cause_remedy(c, lc) := sprintf("Set %s=%s on the nodes (a privileged init container running sysctl -w %s=%s, a DaemonSet, or the node image's sysctl settings); it is not a namespaced sysctl, so the pod's securityContext.sysctls cannot set it.", [lc.setting, lc.required, lc.setting, lc.required]) if {
	lc.cause == "kernel-setting"
	startswith(lc.setting, "vm.")
}

cause_remedy(c, lc) := sprintf("Raise the %s limit to %s for the container: in the container runtime's default ulimits on the nodes, or in the image's entrypoint (ulimit) when it runs privileged enough.", [lc.setting, lc.required]) if {
	lc.cause == "kernel-setting"
	not startswith(lc.setting, "vm.")
}

cause_remedy(c, lc) := sprintf("Use an image built for the node's architecture: a multi-arch tag, or build with docker buildx --platform; %q is not one.", [c.image]) if lc.cause == "exec-format"

cause_remedy(c, lc) := sprintf("Fix what raised %s; the log holds its stack. %s", [lc.exception, d.logs_remedy(c)]) if lc.cause == "exception"

# loopback holds for a connection to the pod's own network namespace.
loopback(lc) if lc.host in {"127.0.0.1", "localhost", "::1", "0.0.0.0", "[::1]", "::"}

# siblings are the other containers of the pod that run beside c: regular
# containers and sidecars (init containers ran before it).
siblings(c) := [s |
	some s in d.containers
	s.name != c.name
	s.type in {"regular", "sidecar"}
]

# port_owners are the siblings that declare port p, or name it in their
# command, with how: "declares containerPort 8080".
port_owners(c, p) := [{"name": s.name, "how": how} |
	some s in siblings(c)
	how := port_use(s, p)
]

port_use(s, p) := sprintf("declares containerPort %d", [p]) if {
	some port in object.get(s, "ports", [])
	port.containerPort == p
} else := sprintf("listens on %d by its command", [p]) if {
	p in object.get(s, "commandPorts", [])
} else := sprintf("logs that it listens on %d", [p]) if {
	# A cluster-info dump holds every container's log, the healthy
	# sibling's too: "Listening on :8080", "listening at http://0.0.0.0:8080".
	some line in object.get(s, "logTail", [])
	regex.match(sprintf(`(?i)\blisten(?:ing)?\b.*[:\s]%d\b`, [p]), line)
}

# own_ports are the ports c declares or names in its command: what it
# tried to bind when the log does not say.
own_ports(c) := {p | some port in object.get(c, "ports", []); p := port.containerPort} | {p | some p in object.get(c, "commandPorts", [])}

clash_ports(c) := {c.logCause.port} if c.logCause.port > 0

clash_ports(c) := own_ports(c) if not c.logCause.port

# port_clashes say which sibling holds the port c could not bind.
port_clashes(c) := [sprintf("container %q of the same pod %s, and the containers of a pod share one network namespace", [o.name, o.how]) |
	c.logCause.cause == "address-in-use"
	some p in clash_ports(c)
	some o in port_owners(c, p)
]

# refused_sibling: the sibling declares the port, so it was not listening
# yet (or not on this address) when c connected.
refused_sibling(c) := [sprintf("container %q of this pod %s, so it was not listening there yet when this container connected", [o.name, o.how]) |
	c.logCause.cause == "connection-refused"
	loopback(c.logCause)
	c.logCause.port > 0
	some o in port_owners(c, c.logCause.port)
]

# refused_nobody: no container of the pod serves the port c connects to.
refused_nobody(c) := [sprintf("no container of this pod declares port %d (%s)", [c.logCause.port, declared_text(c)]) |
	c.logCause.cause == "connection-refused"
	loopback(c.logCause)
	c.logCause.port > 0
	count(port_owners(c, c.logCause.port)) == 0
]

declared_text(c) := concat(", ", declared) if {
	declared := [sprintf("%s declares %s", [s.name, concat(", ", [sprintf("%d", [p.containerPort]) | some p in s.ports])]) |
		some s in siblings(c)
		count(object.get(s, "ports", [])) > 0
	]
	count(declared) > 0
}

declared_text(c) := "its other containers declare no ports" if {
	count([s | some s in siblings(c); count(object.get(s, "ports", [])) > 0]) == 0
}

# under holds when path is at or below the mount path m.
under(path, m) if path == m

under(path, m) if startswith(path, concat("", [trim_suffix(m, "/"), "/"]))

own_mount_covers(c, path) if {
	some m in object.get(c, "mounts", [])
	under(path, m.mountPath)
}

# shared_paths: a path c could not find lies under none of its own mounts
# but under a sibling's mount of a volume; say where c mounts that volume.
shared_paths(c) := [clause |
	c.logCause.cause in {"file-not-found", "permission-denied", "read-only-filesystem"}
	path := c.logCause.path
	startswith(path, "/")
	not own_mount_covers(c, path)
	some s in siblings_and_inits(c)
	some m in object.get(s, "mounts", [])
	under(path, m.mountPath)
	clause := shared_clause(c, s, m, path)
]

siblings_and_inits(c) := [s | some s in d.containers; s.name != c.name]

shared_clause(c, s, m, path) := sprintf("%s is in volume %q, which container %q mounts at %s and this container mounts at %s: the file is at %s here", [path, m.volume, s.name, m.mountPath, own.mountPath, moved(path, m.mountPath, own.mountPath)]) if {
	own := [o | some o in object.get(c, "mounts", []); o.volume == m.volume][0]
}

shared_clause(c, s, m, path) := sprintf("%s is in volume %q, which container %q mounts at %s; this container does not mount that volume", [path, m.volume, s.name, m.mountPath]) if {
	not mounts_volume(c, m.volume)
}

mounts_volume(c, v) if {
	some own in object.get(c, "mounts", [])
	own.volume == v
}

moved(path, from, to) := concat("", [trim_suffix(to, "/"), substring(path, count(trim_suffix(from, "/")), -1)])

sibling_clauses(c) := array.concat(array.concat(port_clashes(c), refused_sibling(c)), array.concat(refused_nobody(c), shared_paths(c)))

sibling_remedies(c) := ["Give one of the two containers another port (its containerPort and the port its process listens on)."] if count(port_clashes(c)) > 0

sibling_remedies(c) := ["Make this container wait for its sibling: run it as a native sidecar (an init container with restartPolicy: Always) after a startupProbe, or retry the connection instead of exiting."] if {
	count(port_clashes(c)) == 0
	count(refused_sibling(c)) > 0
}

sibling_remedies(c) := [sprintf("Point it at a port a container of the pod serves, or make a container serve %d and declare it.", [c.logCause.port])] if {
	count(port_clashes(c)) == 0
	count(refused_sibling(c)) == 0
	count(refused_nobody(c)) > 0
}

sibling_remedies(c) := ["Read the file at the path where this container mounts the shared volume, or mount the volume at the path the program reads."] if {
	count(port_clashes(c)) == 0
	count(refused_sibling(c)) == 0
	count(refused_nobody(c)) == 0
	count(shared_paths(c)) > 0
}

sibling_remedies(c) := [] if {
	count(port_clashes(c)) == 0
	count(refused_sibling(c)) == 0
	count(refused_nobody(c)) == 0
	count(shared_paths(c)) == 0
}
