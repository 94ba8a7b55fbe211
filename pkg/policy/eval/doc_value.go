package eval

import (
	"strconv"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// documentTerm converts a decoded document, the map[string]any, []any,
// string, bool, int64, float64 and nil that pkg/manifest produces (and
// int),
// to the value ast.InterfaceToValue gives, numbers formatted as it formats
// them. It returns false for anything else, left to InterfaceToValue.
//
// It allocates less than InterfaceToValue: terms come from blocks shared
// by the whole document, the key-value pairs of an object are built in a
// scratch buffer (ast.NewObject copies them), and common keys and values
// of Kubernetes manifests are shared terms.
func documentTerm(x any) (*ast.Term, bool) {
	c := docConverters.Get().(*docConverter)
	t, ok := c.convert(x)
	c.release()
	docConverters.Put(c)
	return t, ok
}

var docConverters = sync.Pool{New: func() any { return new(docConverter) }}

type docConverter struct {
	terms []ast.Term     // unused terms of the current block
	ptrs  []*ast.Term    // unused array slots of the current block
	kvs   [][2]*ast.Term // scratch: pairs of the objects being built
	grown int            // terms handed out, to size the next block
}

// release forgets the blocks, which now belong to the converted
// document, and keeps the scratch buffer.
func (c *docConverter) release() {
	c.terms, c.ptrs, c.grown = nil, nil, 0
	clear(c.kvs)
	c.kvs = c.kvs[:0]
}

func (c *docConverter) blockSize() int {
	n := c.grown
	if n < 16 {
		n = 16
	}
	if n > 64 {
		n = 64
	}
	return n
}

func (c *docConverter) term(v ast.Value) *ast.Term {
	if len(c.terms) == 0 {
		n := c.blockSize()
		c.grown += n
		c.terms = make([]ast.Term, n)
	}
	t := &c.terms[0]
	c.terms = c.terms[1:]
	t.Value = v
	return t
}

// int is a term of i, shared if OPA interns it.
func (c *docConverter) int(i int64) *ast.Term {
	if int64(int(i)) == i && ast.HasInternedIntNumberTerm(int(i)) {
		return ast.InternedTerm(int(i))
	}
	return c.term(ast.Number(strconv.FormatInt(i, 10)))
}

// str is a term of s, shared if s is common.
func (c *docConverter) str(s string) *ast.Term {
	if len(s) <= maxCommonString {
		if t, ok := commonStrings[s]; ok {
			return t
		}
	}
	return c.term(ast.String(s))
}

// object is a term of the object of the pairs c.kvs[base:], which it
// takes off the scratch buffer (ast.NewObject copies them).
func (c *docConverter) object(base int) *ast.Term {
	obj := ast.NewObject(c.kvs[base:]...)
	clear(c.kvs[base:])
	c.kvs = c.kvs[:base]
	return c.term(obj)
}

func (c *docConverter) slots(n int) []*ast.Term {
	if n > len(c.ptrs) {
		if n > 64 {
			return make([]*ast.Term, n)
		}
		c.ptrs = make([]*ast.Term, max(c.blockSize(), n))
	}
	s := c.ptrs[:n:n]
	c.ptrs = c.ptrs[n:]
	return s
}

func (c *docConverter) convert(x any) (*ast.Term, bool) {
	switch x := x.(type) {
	case nil:
		return ast.InternedNullTerm, true
	case string:
		return c.str(x), true
	case bool:
		return ast.InternedTerm(x), true
	case int64:
		return c.int(x), true
	case int:
		return c.int(int64(x)), true
	case float64:
		// As ast.InterfaceToValue formats floats.
		return c.term(ast.Number(strconv.FormatFloat(x, 'g', -1, 64))), true
	case map[string]any:
		base := len(c.kvs)
		for k, v := range x {
			vt, ok := c.convert(v)
			if !ok {
				return nil, false
			}
			c.kvs = append(c.kvs, [2]*ast.Term{c.str(k), vt})
		}
		return c.object(base), true
	case []any:
		elems := c.slots(len(x))
		for i, v := range x {
			t, ok := c.convert(v)
			if !ok {
				return nil, false
			}
			elems[i] = t
		}
		return c.term(ast.NewArray(elems...)), true
	}
	return nil, false
}

// commonStrings are shared terms of keys and values frequent in
// Kubernetes manifests, so converting a manifest does not allocate them.
var commonStrings = func() map[string]*ast.Term {
	m := map[string]*ast.Term{}
	for _, s := range []string{
		"", "apiVersion", "kind", "metadata", "name", "namespace", "labels", "annotations",
		"spec", "status", "template", "selector", "matchLabels", "matchExpressions",
		"replicas", "containers", "initContainers", "image", "imagePullPolicy", "command", "args",
		"env", "envFrom", "value", "valueFrom", "ports", "containerPort", "protocol", "port",
		"targetPort", "nodePort", "hostPort", "resources", "limits", "requests", "cpu", "memory",
		"ephemeral-storage", "volumeMounts", "mountPath", "readOnly", "subPath", "volumes",
		"configMap", "secret", "secretName", "emptyDir", "persistentVolumeClaim", "claimName",
		"livenessProbe", "readinessProbe", "startupProbe", "httpGet", "tcpSocket", "exec", "path",
		"initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold", "successThreshold",
		"securityContext", "runAsNonRoot", "runAsUser", "runAsGroup", "fsGroup", "privileged",
		"allowPrivilegeEscalation", "readOnlyRootFilesystem", "capabilities", "add", "drop", "ALL",
		"seccompProfile", "type", "RuntimeDefault", "serviceAccountName", "restartPolicy",
		"nodeSelector", "tolerations", "affinity", "key", "operator", "effect", "values", "In",
		"strategy", "RollingUpdate", "rollingUpdate", "maxSurge", "maxUnavailable", "data",
		"app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component",
		"app.kubernetes.io/part-of", "app.kubernetes.io/managed-by", "app.kubernetes.io/version",
		"v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1",
		"autoscaling/v2", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod", "Service",
		"ConfigMap", "Secret", "Ingress", "ServiceAccount", "PersistentVolumeClaim", "NetworkPolicy",
		"PodDisruptionBudget", "HorizontalPodAutoscaler", "Role", "RoleBinding", "ClusterRole",
		"ClusterRoleBinding", "Namespace", "TCP", "UDP", "Always", "IfNotPresent", "Never",
		"OnFailure", "ClusterIP", "NodePort", "LoadBalancer", "http", "https", "grpc", "metrics",
		"default", "Exists", "Equal", "NoSchedule", "NoExecute", "rules", "host", "http", "paths",
		"backend", "service", "number", "pathType", "Prefix", "Exact", "tls", "hosts",
		"ingressClassName", "schedule", "jobTemplate", "serviceName", "volumeClaimTemplates",
		"accessModes", "ReadWriteOnce", "storage", "minAvailable", "scaleTargetRef", "minReplicas",
		"maxReplicas", "metrics", "Resource", "target", "Utilization", "averageUtilization",
		"apiGroups", "verbs", "get", "list", "watch", "subjects", "roleRef", "fieldRef", "fieldPath",
		"secretKeyRef", "configMapKeyRef", "hostNetwork", "hostPID", "hostIPC", "automountServiceAccountToken",
		"terminationGracePeriodSeconds", "priorityClassName", "topologySpreadConstraints",
		"maxSkew", "topologyKey", "whenUnsatisfiable", "kubernetes.io/hostname", "DoNotSchedule",
		"ScheduleAnyway", "revisionHistoryLimit", "progressDeadlineSeconds", "workingDir",
		"lifecycle", "preStop", "postStart", "sleep", "seconds", "dnsPolicy", "ClusterFirst",
	} {
		m[s] = ast.StringTerm(s)
		maxCommonString = max(maxCommonString, len(s))
	}
	return m
}()

// maxCommonString is the length of the longest common string: longer
// ones are not looked up.
var maxCommonString int
