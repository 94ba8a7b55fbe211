package lint

import (
	"context"
	"fmt"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/kube-aggregator/pkg/apis/apiregistration"
	apiregistrationinstall "k8s.io/kube-aggregator/pkg/apis/apiregistration/install"
	apiregistrationv1 "k8s.io/kube-aggregator/pkg/apis/apiregistration/v1"
	apiregistrationvalidation "k8s.io/kube-aggregator/pkg/apis/apiregistration/validation"

	"github.com/poddoctor/poddoctor/pkg/finding"
	"github.com/poddoctor/poddoctor/pkg/manifest"
)

// Rule ids of the Go rules on APIService objects (the API aggregation
// layer's registrations). Whether the Service an APIService names exists
// in the same application is the Rego rule apiservice-missing-service,
// which reads the inventory.
const (
	// RuleAPIServiceInvalid: the API server refuses the APIService.
	RuleAPIServiceInvalid = "apiservice-invalid"
	// RuleAPIServiceInsecureTLS: the API server talks to the extension
	// API server without verifying its certificate.
	RuleAPIServiceInsecureTLS = "apiservice-insecure-tls"
)

// APIServices are validated by k8s.io/kube-aggregator's own validation
// (pkg/apis/apiregistration/validation), which kube-apiserver runs on
// create: the v1 object is defaulted (service port 443) and converted to
// the internal type with the aggregator's scheme, as the server does. The
// module adds three package inits of a few bytes each to start-up (its
// type packages; the validation needs apimachinery and apiserver's feature
// gates, already in the binary for apiextensions-apiserver), and the
// scheme is built on the first APIService, not at start-up.
var apiServiceScheme = sync.OnceValue(func() *runtime.Scheme {
	scheme := runtime.NewScheme()
	apiregistrationinstall.Install(scheme)
	return scheme
})

// isAPIServiceV1 tells whether obj is an apiregistration.k8s.io/v1
// APIService (v1beta1 was removed in Kubernetes 1.22; deprecated-api says
// so).
func isAPIServiceV1(obj *manifest.Object) bool {
	return obj.Kind == "APIService" && obj.APIVersion == "apiregistration.k8s.io/v1"
}

// apiServiceFindings checks an APIService with the aggregator's validation,
// and warns of TLS that is not verified.
func (l *Linter) apiServiceFindings(ctx context.Context, obj *manifest.Object) []finding.Finding {
	if !isAPIServiceV1(obj) || (l.disabled[RuleAPIServiceInvalid] && l.disabled[RuleAPIServiceInsecureTLS]) {
		return nil
	}
	var out []finding.Finding
	add := func(rule string, severity finding.Severity, path, msg string) {
		loc := obj.Position(path)
		out = append(out, finding.Finding{
			Rule: rule, Severity: severity, Object: obj.Ref(), Location: &loc,
			Path: path, Message: msg, Remedy: remedyOf(rule),
		})
	}
	internal, err := internalAPIService(obj)
	if err != nil {
		// A field of the wrong type: the API server refuses to decode it,
		// and unknown-field and invalid-manifest report such shapes too;
		// say it here so that the APIService is never passed unchecked.
		add(RuleAPIServiceInvalid, finding.Error, "", fmt.Sprintf("APIService %s does not decode as apiregistration.k8s.io/v1: %v", obj.Name, err))
		return out
	}
	if !l.disabled[RuleAPIServiceInvalid] {
		for _, e := range apiregistrationvalidation.ValidateAPIService(ctx, internal) {
			add(RuleAPIServiceInvalid, finding.Error, e.Field, fmt.Sprintf("APIService %s: %s", obj.Name, e.Error()))
		}
	}
	if !l.disabled[RuleAPIServiceInsecureTLS] && internal.Spec.Service != nil && internal.Spec.InsecureSkipTLSVerify && len(internal.Spec.CABundle) == 0 {
		add(RuleAPIServiceInsecureTLS, finding.Warning, "spec.insecureSkipTLSVerify",
			fmt.Sprintf("APIService %s: the API server proxies requests for %s/%s to the Service %s/%s without verifying its serving certificate (insecureSkipTLSVerify: true)",
				obj.Name, internal.Spec.Group, internal.Spec.Version, internal.Spec.Service.Namespace, internal.Spec.Service.Name))
	}
	return out
}

// internalAPIService decodes obj into the v1 type, applies the v1
// defaults and converts it to the internal type the validation takes.
func internalAPIService(obj *manifest.Object) (*apiregistration.APIService, error) {
	var v1 apiregistrationv1.APIService
	if err := decodeAsServer(obj, &v1); err != nil {
		return nil, err
	}
	scheme := apiServiceScheme()
	scheme.Default(&v1)
	var internal apiregistration.APIService
	if err := scheme.Convert(&v1, &internal, nil); err != nil {
		return nil, fmt.Errorf("convert to the internal type: %w", err)
	}
	return &internal, nil
}
