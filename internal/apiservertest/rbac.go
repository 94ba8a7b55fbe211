package apiservertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

// RBAC holds the roles of a file such as docs/rbac.yaml, by kind and name.
type RBAC struct {
	ClusterRoles map[string]rbacv1.ClusterRole
	Roles        map[string]rbacv1.Role
}

// LoadRBAC reads the ClusterRoles and Roles of a multi-document YAML file;
// bindings and other kinds are passed over.
func LoadRBAC(path string) (*RBAC, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := &RBAC{ClusterRoles: map[string]rbacv1.ClusterRole{}, Roles: map[string]rbacv1.Role{}}
	for i, doc := range bytes.Split(data, []byte("\n---")) {
		var meta metav1.TypeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
		}
		switch meta.Kind {
		case "ClusterRole":
			var r rbacv1.ClusterRole
			if err := yaml.UnmarshalStrict(doc, &r); err != nil {
				return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
			}
			out.ClusterRoles[r.Name] = r
		case "Role":
			var r rbacv1.Role
			if err := yaml.UnmarshalStrict(doc, &r); err != nil {
				return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
			}
			out.Roles[r.Name] = r
		}
	}
	return out, nil
}

// Without returns rules less the resource of the API group, whatever the
// verbs.
func Without(rules []rbacv1.PolicyRule, group, resource string) []rbacv1.PolicyRule {
	var out []rbacv1.PolicyRule
	for _, r := range rules {
		r = *r.DeepCopy()
		if slices.Contains(r.APIGroups, group) {
			r.Resources = slices.DeleteFunc(r.Resources, func(s string) bool { return s == resource })
		}
		if len(r.Resources) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// GrantRole creates a Role named name with rules in namespace and binds the
// user to it.
func GrantRole(ctx context.Context, client kubernetes.Interface, namespace, name, user string, rules []rbacv1.PolicyRule) error {
	if _, err := client.RbacV1().Roles(namespace).Create(ctx, &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: name}, Rules: rules}, metav1.CreateOptions{}); err != nil {
		return err
	}
	_, err := client.RbacV1().RoleBindings(namespace).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: name},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	return waitUntilGranted(ctx, client, namespace, user, rules)
}

// GrantClusterRole creates a ClusterRole named name with rules and binds
// the user to it cluster-wide.
func GrantClusterRole(ctx context.Context, client kubernetes.Interface, name, user string, rules []rbacv1.PolicyRule) error {
	if _, err := client.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: metav1.ObjectMeta{Name: name}, Rules: rules}, metav1.CreateOptions{}); err != nil {
		return err
	}
	_, err := client.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: name},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: user}},
	}, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	return waitUntilGranted(ctx, client, "", user, rules)
}

// waitUntilGranted returns once the API server's authorizer allows user
// the first verb of the first rule on its first resource (in namespace, or
// cluster-wide for ""). The RBAC authorizer reads roles and bindings from
// an informer, so a grant takes effect a moment after it is written; a test
// that acts at once was seen to be forbidden what it had just been granted.
func waitUntilGranted(ctx context.Context, client kubernetes.Interface, namespace, user string, rules []rbacv1.PolicyRule) error {
	if len(rules) == 0 || len(rules[0].Verbs) == 0 || len(rules[0].Resources) == 0 {
		return nil
	}
	resource, subresource, _ := strings.Cut(rules[0].Resources[0], "/") // "pods/log"
	attrs := &authorizationv1.ResourceAttributes{Namespace: namespace, Verb: rules[0].Verbs[0], Resource: resource, Subresource: subresource}
	if len(rules[0].APIGroups) > 0 {
		attrs.Group = rules[0].APIGroups[0]
	}
	review := &authorizationv1.SubjectAccessReview{Spec: authorizationv1.SubjectAccessReviewSpec{User: user, ResourceAttributes: attrs}}
	deadline := time.Now().Add(10 * time.Second)
	for {
		got, err := client.AuthorizationV1().SubjectAccessReviews().Create(ctx, review, metav1.CreateOptions{})
		if err != nil {
			return fmt.Errorf("check the grant to %s: %w", user, err)
		}
		if got.Status.Allowed {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s is still not allowed to %s %s 10 s after the grant", user, attrs.Verb, attrs.Resource)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
