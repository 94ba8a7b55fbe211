package apiservertest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// credentialFiles are what the API server is started with.
type credentialFiles struct {
	caPEM               []byte
	cert, key           string // serving certificate for 127.0.0.1, signed by the CA
	saPublic, saPrivate string // service account token signing key
	tokens              string // static token file: admin and the restricted users
}

// writeCredentials writes a fresh CA, serving certificate, service account
// key and token file into dir. ECDSA P-256 keys: quick to make, and accepted
// by the API server for both uses.
func writeCredentials(dir string) (credentialFiles, error) {
	var f credentialFiles
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return f, err
	}
	now := time.Now()
	caTemplate := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "poddoctor test CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTemplate, caTemplate, &caKey.PublicKey, caKey)
	if err != nil {
		return f, err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return f, err
	}
	f.caPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return f, err
	}
	der, err := x509.CreateCertificate(rand.Reader, &x509.Certificate{
		SerialNumber: big.NewInt(2),
		Subject:      pkix.Name{CommonName: "kube-apiserver"},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost", "kubernetes.default.svc"},
	}, caCert, &key.PublicKey, caKey)
	if err != nil {
		return f, err
	}
	f.cert = filepath.Join(dir, "apiserver.crt")
	f.key = filepath.Join(dir, "apiserver.key")
	if err := os.WriteFile(f.cert, append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), f.caPEM...), 0o600); err != nil {
		return f, err
	}
	if err := writeKey(f.key, key); err != nil {
		return f, err
	}

	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return f, err
	}
	f.saPrivate = filepath.Join(dir, "sa.key")
	f.saPublic = filepath.Join(dir, "sa.pub")
	if err := writeKey(f.saPrivate, saKey); err != nil {
		return f, err
	}
	pub, err := x509.MarshalPKIXPublicKey(&saKey.PublicKey)
	if err != nil {
		return f, err
	}
	if err := os.WriteFile(f.saPublic, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600); err != nil {
		return f, err
	}

	// token,user,uid,"group,..."
	lines := []string{fmt.Sprintf("%s,admin,admin,system:masters", AdminToken)}
	for _, name := range RestrictedUsers {
		lines = append(lines, fmt.Sprintf("%s,%s,%s", Token(name), name, name))
	}
	f.tokens = filepath.Join(dir, "tokens.csv")
	return f, os.WriteFile(f.tokens, []byte(strings.Join(lines, "\n")+"\n"), 0o600)
}

func writeKey(path string, key *ecdsa.PrivateKey) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}
