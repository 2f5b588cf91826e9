//! `fedc::cert::…`: the root certificates meshes publish to their peers.

codes! {
    area: "Certificates";

    MISSING = warning "fedc::cert::missing" {
        summary: "A mesh with peers has no `root_cert`.",
        details: r#"
            Every peer's ServiceMeshPeer refers to ConfigMap `<mesh>-ca-root-cert`, and the peer does not
            reconcile until that ConfigMap exists.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"          # peered, no root_cert
            cluster = "east"
        "#,
        fix: "set `root_cert`, or create the ConfigMap on every peer out of band.",
    }

    INVALID = error "fedc::cert::invalid" {
        summary: "The `root_cert` file holds something other than PEM certificates.",
        details: "A private key, stray text, or nothing; it is published to every peer in a ConfigMap.",
        example: toml r#"
            root_cert = "certs/key.pem"   # -----BEGIN PRIVATE KEY-----
        "#,
        fix: "point at the root CA certificate only.",
    }

    NOT_X509 = error "fedc::cert::not-x509" {
        summary: "A `CERTIFICATE` block does not hold an X.509 certificate.",
        details: r#"
            Its base64 does not decode, or the bytes are not a DER certificate (or have bytes after it). The
            message names the block's line.
        "#,
        example: toml r#"
            root_cert = "certs/truncated.pem"   # base64 cut short, or text between the markers
        "#,
        fix: "export the root CA again (`openssl x509 -in ca.crt -out ca.pem` rewrites it cleanly).",
    }

    NOT_A_CA = error "fedc::cert::not-a-ca" {
        summary: "A certificate in the `root_cert` file is not a CA certificate.",
        details: r#"
            Its basicConstraints extension is missing or says `CA:FALSE`, or it has a keyUsage extension
            without `keyCertSign`. A peer cannot verify the mesh's workloads against, say, a gateway's
            serving certificate. The message names the subject.
        "#,
        example: toml r#"
            root_cert = "certs/ingress-gateway.pem"   # CA:FALSE
        "#,
        fix: r#"
            publish the mesh's root CA certificate (for OpenShift Service Mesh, `root-cert.pem` of the
            `istio-ca-secret` or of the plugged-in `cacerts` secret).
        "#,
    }

    EXPIRED = error "fedc::cert::expired" {
        summary: "A certificate's validity ended (its `notAfter` is in the past when fedc runs).",
        details: r#"
            The message names its subject and end date. Peers refuse the federation's TLS against an expired
            root.
        "#,
        example: toml r#"
            root_cert = "certs/root-2019.pem"   # notAfter: 2024-01-01
        "#,
        fix: "publish the mesh's current root CA.",
    }

    NOT_YET_VALID = error "fedc::cert::not-yet-valid" {
        summary: "A certificate's validity has not begun (`notBefore` is in the future).",
        details: "Often a clock problem on the machine that issued it, or a new root published too early.",
        example: toml r#"
            root_cert = "certs/next-root.pem"   # notBefore: next month
        "#,
        fix: "publish the root in use now; add the new root next to it once it is valid.",
    }

    EXPIRES_SOON = warning "fedc::cert::expires-soon" {
        summary: "A certificate expires within the warning window.",
        details: r#"
            The window is 30 days unless `[federation] certificate_expiry_warning` says otherwise (`"90d"`,
            `"2160h"`). The message names its subject and end date. Fails the run only with
            `--deny-warnings`.
        "#,
        example: toml r#"
            root_cert = "certs/root.pem"   # notAfter: in 12 days
        "#,
        fix: r#"
            rotate the root CA: publish the new root next to the old one (both in the file) well before the
            old one expires, then remove the old one.
        "#,
    }

    INVALID_EXPIRY_WARNING = error "fedc::cert::invalid-expiry-warning" {
        summary: "`certificate_expiry_warning` is neither whole days (`30d`) nor a Go duration (`720h`).",
        example: toml r#"
            [federation]
            certificate_expiry_warning = "1 month"
        "#,
        fix: "write `30d`.",
    }

    TOO_LARGE = error "fedc::cert::too-large" {
        summary: "The ConfigMap publishing the certificates would exceed 1 MiB, the most the API server accepts.",
        details: r#"
            fedc estimates conservatively: the certificates as stored in JSON (each line break two bytes)
            plus 8 KiB for the rest of the object. Above 256 KiB, client-side `kubectl apply`, Argo CD's
            default, also fails: its `last-applied-configuration` annotation is limited to 256 KiB; use
            server-side apply.
        "#,
        example: toml r#"
            root_cert = "certs/every-root-since-2015.pem"   # 1.2 MiB of certificates
        "#,
        fix: "publish only the roots peers need: the current one, and the next one during a rotation.",
    }
}
