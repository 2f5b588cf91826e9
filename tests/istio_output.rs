//! The `istio` and `ossm3` targets (docs/targets.md): the seed's network mistake is caught, the
//! pieces of a multi-cluster mesh agree with each other (section D of the reference), the
//! installer input uses only IstioOperator field names, both flavours describe the same east-west
//! gateway, and switching a mesh's target is one line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The example with `edit` applied, built from a copy next to its certificate: its objects by
/// path, or the findings that stopped the build (`(code, finding)`).
fn compile_variant(edit: impl Fn(String) -> String) -> Result<BTreeMap<String, Value>, Vec<(String, String)>> {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("certs")).expect("mkdir");
    std::fs::copy(root().join("examples/certs/mesh-root.pem"), dir.path().join("certs/mesh-root.pem")).expect("cert");
    let text = std::fs::read_to_string(root().join("examples/multicluster.toml")).expect("example");
    let path: PathBuf = dir.path().join("multicluster.toml");
    std::fs::write(&path, edit(text)).expect("write");
    let build = crate::support::build(&path, &[]);
    match build.status {
        Some(0) => {
            // YAML files parsed; the Markdown runbooks as their text.
            let value = |path: &str, text: &str| match path.ends_with(".md") {
                true => Value::String(text.to_string()),
                false => serde_yaml_ng::from_str(text).expect("yaml"),
            };
            Ok(build.files.iter().map(|(p, t)| (p.clone(), value(p, t))).collect())
        }
        Some(1) => Err(build
            .findings
            .iter()
            .map(|d| (d["code"].as_str().unwrap_or_default().to_string(), d.to_string()))
            .collect()),
        other => panic!("expected findings, got exit {other:?}: {}", build.stderr),
    }
}

fn codes(findings: Vec<(String, String)>) -> Vec<(String, String)> {
    findings
}

#[test]
fn the_seeds_shared_default_network_is_refused_with_its_consequence() {
    let error =
        compile_variant(|t| t.replace("\"network-aws\"", "\"default\"").replace("\"network-azure\"", "\"default\""))
            .expect_err("`--network default` on both clusters must be refused");
    let found = codes(error);
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, text) = &found[0];
    assert_eq!(code, "fedc::istio::shared-network");
    assert!(text.contains("silently never used") && text.contains("pod IPs"), "explains the consequence: {text}");
}

#[test]
fn kubernetes_cert_provider_is_accepted_only_where_asm_up_to_1_22_supports_it() {
    let kubernetes = |t: String| t.replace("cert_provider = \"istiod\"", "cert_provider = \"kubernetes\"");
    let refused = |edit: &dyn Fn(String) -> String| {
        let found = codes(compile_variant(edit).expect_err("refused"));
        assert_eq!(found.iter().map(|(c, _)| c.as_str()).collect::<Vec<_>>(), ["fedc::istio::cert-provider-refused"]);
        found[0].1.clone()
    };
    // The example: ASM 1.23, `--ca citadel`, GKE on AWS / Azure clusters.
    assert!(refused(&|t| kubernetes(t)).contains("Anthos Service Mesh 1.23.3"));
    let asm_1_22 = |t: String| kubernetes(t).replace("\"1.23.3\"", "\"1.22.0\"");
    assert!(refused(&asm_1_22).contains("--ca citadel"));
    let mesh_ca = |t: String| asm_1_22(t).replace("ca = \"citadel\"", "ca = \"mesh_ca\"");
    assert!(refused(&mesh_ca).contains("on cluster `cluster-1` (aws)"));
    let bare_metal = |t: String| mesh_ca(t).replace("\"aws\"", "\"baremetal\"").replace("\"azure\"", "\"baremetal\"");
    compile_variant(bare_metal).expect("ASM 1.22 with Mesh CA on bare metal: the seed's Anthos clusters");
    // Upstream Istio (no `asm`): refused from 1.22, the oldest version fedc accepts.
    let upstream = |t: String| bare_metal(t).replace("asm = { fleet_id = \"my-fleet-project\", ca = \"mesh_ca\" }", "");
    assert!(refused(&upstream).contains("upstream Istio 1.22.0"));
}

/// The example as an `ossm3` mesh: only the target changes, plus the installer-only settings.
fn as_ossm3(text: String) -> String {
    text.replace("target = \"istio\"", "target = \"ossm3\"")
        .replace("version = \"1.23.3\"", "version = \"v1.28-latest\"")
        .replace("revision = \"asm-1233-2\"", "")
        .replace("asm = { fleet_id = \"my-fleet-project\", ca = \"citadel\" }", "")
}

#[test]
fn the_istio_installer_input_and_the_ossm3_objects_describe_the_same_gateway() {
    let istio = compile_variant(|t| t).expect("istio");
    let ossm3 = compile_variant(as_ossm3).expect("ossm3");
    for cluster in ["cluster-1", "cluster-2"] {
        let iop = &istio[&format!("installer/{cluster}/eastwest-gateway.yaml")]["spec"];
        let component = &iop["components"]["ingressGateways"][0];
        let dir = format!("clusters/{cluster}/istio-system");
        let deployment = &ossm3[&format!("{dir}/deployment-istio-eastwestgateway.yaml")]["spec"];
        let service = &ossm3[&format!("{dir}/service-istio-eastwestgateway.yaml")];
        // Same labels: the IOP `label` map is the ossm3 pod labels' and Service selector's core.
        assert_eq!(component["label"], deployment["selector"]["matchLabels"]);
        assert_eq!(component["label"], service["spec"]["selector"]);
        // Same ports (name, port = targetPort) and the same network view.
        let ports = |list: &Value| -> Vec<(String, i64)> {
            list.as_array()
                .expect("ports")
                .iter()
                .map(|p| (p["name"].as_str().expect("name").to_string(), p["port"].as_i64().expect("port")))
                .collect()
        };
        assert_eq!(ports(&component["k8s"]["service"]["ports"]), ports(&service["spec"]["ports"]));
        let numbers: Vec<i64> = ports(&service["spec"]["ports"]).into_iter().map(|(_, p)| p).collect();
        assert_eq!(numbers, [15021, 15443, 15012, 15017]);
        let container = &deployment["template"]["spec"]["containers"][0];
        assert_eq!(component["k8s"]["env"], container["env"]);
        // The platform's Service annotations; Argo CD's sync annotations are the synced object's own.
        let platform: serde_json::Map<String, Value> = service["metadata"]["annotations"]
            .as_object()
            .expect("annotations")
            .iter()
            .filter(|(k, _)| !k.starts_with("argocd.argoproj.io/"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        let installer = component["k8s"]["serviceAnnotations"].as_object().cloned().unwrap_or_default();
        assert_eq!(installer, platform);
        // The control plane values agree between the flavours, too.
        // istioctl installs the components into `values.global.istioNamespace` (spec.namespace alone
        // is not read); the Sail operator sets it from `spec.namespace` itself.
        let operator = &istio[&format!("installer/{cluster}/control-plane.yaml")]["spec"];
        assert_eq!(operator["values"]["global"]["istioNamespace"], operator["namespace"]);
        let mut values = operator["values"]["global"].clone();
        values.as_object_mut().expect("global").remove("istioNamespace");
        let sail = &ossm3[&format!("clusters/{cluster}/_cluster/istio-default.yaml")]["spec"]["values"]["global"];
        assert_eq!(&values, sail);
    }
}

#[test]
fn the_pieces_of_each_cluster_agree_as_section_d_requires() {
    let files = compile_variant(|t| t).expect("istio");
    let names = ["cn-my-fleet-project-global-cluster-1", "cn-my-fleet-project-global-cluster-2"];
    let mut mesh_ids: Vec<&Value> = Vec::new();
    for (index, cluster) in ["cluster-1", "cluster-2"].into_iter().enumerate() {
        let namespace = &files[&format!("clusters/{cluster}/_cluster/namespace-istio-system.yaml")];
        let control = &files[&format!("installer/{cluster}/control-plane.yaml")]["spec"]["values"]["global"];
        let iop = &files[&format!("installer/{cluster}/eastwest-gateway.yaml")]["spec"];
        let component = &iop["components"]["ingressGateways"][0];
        let gateway = &files[&format!("clusters/{cluster}/istio-system/gateway-cross-network-gateway.yaml")]["spec"];
        let network = &control["network"];
        // D2: namespace label = values.global.network. D3: gateway label and network view = it.
        assert_eq!(&namespace["metadata"]["labels"]["topology.istio.io/network"], network);
        assert_eq!(&component["label"]["topology.istio.io/network"], network);
        assert_eq!(component["k8s"]["env"], json!([{"name": "ISTIO_META_REQUESTED_NETWORK_VIEW", "value": network}]));
        // D4: the cross-network gateway selects the east-west gateway's labels; 15443 AUTO_PASSTHROUGH *.local.
        for (key, value) in gateway["selector"].as_object().expect("selector") {
            assert_eq!(&component["label"][key], value);
        }
        assert_eq!(
            gateway["servers"][0],
            json!({"port": {"number": 15443, "name": "tls", "protocol": "TLS"}, "tls": {"mode": "AUTO_PASSTHROUGH"}, "hosts": ["*.local"]})
        );
        // D5: one remote-secret reference per other cluster. Anthos Service Mesh: keyed by its kube
        // context (the fedc cluster name), as `asmcli create-mesh` keys it.
        let other = ["cluster-1", "cluster-2"][1 - index];
        let secret =
            &files[&format!("clusters/{cluster}/istio-system/externalsecret-istio-remote-secret-{other}.yaml")];
        let template = &secret["spec"]["target"]["template"];
        assert_eq!(template["metadata"]["labels"], json!({"istio/multiCluster": "true"}));
        assert_eq!(template["metadata"]["annotations"], json!({"networking.istio.io/cluster": other}));
        assert_eq!(template["data"].as_object().expect("data").keys().collect::<Vec<_>>(), [other]);
        assert_eq!(secret["metadata"]["namespace"], "istio-system");
        assert_eq!(control["multiCluster"]["clusterName"], names[index]);
        mesh_ids.push(&control["meshID"]);
    }
    // D1: one mesh ID; distinct networks.
    assert_eq!(mesh_ids[0], mesh_ids[1]);
    let network =
        |c: &str| files[&format!("installer/{c}/control-plane.yaml")]["spec"]["values"]["global"]["network"].clone();
    assert_ne!(network("cluster-1"), network("cluster-2"));
}

/// Field names of `istioctl`'s IstioOperator Go types (reference A3; `istioctl` rejects others).
fn allowed_fields(path: &str) -> Option<&'static [&'static str]> {
    Some(match path {
        "" => &["apiVersion", "kind", "metadata", "spec"],
        "metadata" => &["name", "namespace", "labels", "annotations"],
        "spec" => &["profile", "hub", "tag", "namespace", "revision", "meshConfig", "components", "values"],
        "spec.components" => &["ingressGateways", "egressGateways", "pilot", "base", "cni", "ztunnel", "istiodRemote"],
        "spec.components.ingressGateways[]" => &["name", "label", "enabled", "namespace", "hub", "tag", "k8s"],
        "spec.components.ingressGateways[].k8s" => &[
            "env",
            "service",
            "serviceAnnotations",
            "overlays",
            "hpaSpec",
            "podAnnotations",
            "resources",
            "replicaCount",
        ],
        "spec.components.ingressGateways[].k8s.service" => {
            &["ports", "type", "loadBalancerIP", "externalTrafficPolicy"]
        }
        "spec.components.ingressGateways[].k8s.service.ports[]" => {
            &["name", "port", "targetPort", "protocol", "nodePort"]
        }
        "spec.components.ingressGateways[].k8s.env[]" => &["name", "value", "valueFrom"],
        "spec.meshConfig" => &["trustDomain", "trustDomainAliases", "defaultConfig", "caCertificates"],
        "spec.values" => &["global", "gateways", "pilot", "meshConfig"],
        "spec.values.global" => &["meshID", "multiCluster", "network", "pilotCertProvider", "istioNamespace"],
        "spec.values.global.multiCluster" => &["clusterName", "enabled"],
        "spec.values.gateways" => &["istio-ingressgateway"],
        "spec.values.gateways.istio-ingressgateway" => &["injectionTemplate"],
        _ => return None, // maps of free keys: labels, annotations, `label`, `serviceAnnotations`
    })
}

fn unknown_fields(value: &Value, path: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let allowed = allowed_fields(path);
            for (key, child) in map {
                if allowed.is_some_and(|a| !a.contains(&key.as_str())) {
                    out.push(format!("{path}.{key}"));
                }
                if allowed.is_some() {
                    unknown_fields(child, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| unknown_fields(item, &format!("{path}[]"), out)),
        _ => {}
    }
}

#[test]
fn installer_input_uses_only_istio_operator_field_names() {
    let files = compile_variant(|t| t).expect("istio");
    let operators: Vec<(&String, &Value)> = files.iter().filter(|(_, v)| v["kind"] == "IstioOperator").collect();
    assert_eq!(operators.len(), 4, "control plane and east-west gateway per cluster");
    let dns_label = |s: &str| {
        !s.is_empty() && s.len() <= 63 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    for (path, operator) in operators {
        assert!(path.starts_with("installer/"), "{path}: installer input stays out of the synced directories");
        assert_eq!(operator["apiVersion"], "install.istio.io/v1alpha1");
        let mut unknown = Vec::new();
        unknown_fields(operator, "", &mut unknown);
        assert!(unknown.is_empty(), "{path}: fields istioctl does not know: {unknown:?}");
        let revision = operator["spec"]["revision"].as_str().unwrap_or_default();
        assert!(revision.is_empty() || dns_label(revision), "{path}: revision must be a DNS-1123 label");
        for gateway in operator["spec"]["components"]["ingressGateways"].as_array().into_iter().flatten() {
            let name = gateway["name"].as_str().expect("gateway name");
            assert!(name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-'));
        }
    }
}

#[test]
fn switching_a_mesh_from_ossm2_is_one_line() {
    let ossm2 = "[federation]\nname = \"f\"\n\n[[clusters]]\nname = \"east\"\nplatform = \"aws\"\n\n\
                 [[meshes]]\nname = \"red\"\ntarget = \"ossm2\"\ncluster = \"east\"\ntrust_domain = \"red.example.com\"\n";
    for target in ["ossm2", "istio", "ossm3"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.toml");
        std::fs::write(&path, ossm2.replace("target = \"ossm2\"", &format!("target = \"{target}\""))).expect("write");
        let objects = crate::support::objects(&crate::support::built(&path, &[]));
        let kinds: Vec<&str> = objects.values().filter_map(|o| o["kind"].as_str()).collect();
        let expected = match target {
            "ossm2" => "ServiceMeshControlPlane",
            "istio" => "IstioOperator",
            _ => "Istio",
        };
        assert!(kinds.contains(&expected), "{target}: {kinds:?}");
    }
}

/// The shell commands of a Markdown runbook: the lines of its ```sh blocks.
fn commands(runbook: &str) -> Vec<&str> {
    let mut inside = false;
    let mut found = Vec::new();
    for line in runbook.lines() {
        match (inside, line) {
            (false, "```sh") => inside = true,
            (true, "```") => inside = false,
            (true, command) => found.push(command),
            _ => {}
        }
    }
    found
}

#[test]
fn operator_step_commands_hold_only_validated_names() {
    for variant in [compile_variant(|t| t).expect("istio"), compile_variant(as_ossm3).expect("ossm3")] {
        let steps: Vec<&str> =
            variant.iter().filter(|(p, _)| p.ends_with("/operator-steps.md")).filter_map(|(_, v)| v.as_str()).collect();
        assert_eq!(steps.len(), 2);
        for file in steps {
            let runs = commands(file);
            assert!(runs.iter().any(|r| r.contains("istioctl create-remote-secret")), "{file}");
            for run in runs {
                // The one shell expansion on purpose: asmcli's kubeconfig, as kubectl would find it.
                let run = run.replace("\"${KUBECONFIG:-$HOME/.kube/config}\"", "KUBECONFIG");
                let safe = run.bytes().all(|b| b.is_ascii_alphanumeric() || b" -=./|_".contains(&b));
                assert!(safe, "a command with characters a shell would interpret: {run}");
            }
        }
    }
}

#[test]
fn installer_files_are_owned_like_the_rest_of_the_output() {
    use crate::support::{fedc, stderr};
    let dir = tempfile::tempdir().expect("tempdir");
    let work = dir.path();
    std::fs::create_dir(work.join("certs")).expect("mkdir");
    std::fs::copy(root().join("examples/certs/mesh-root.pem"), work.join("certs/mesh-root.pem")).expect("cert");
    let text = std::fs::read_to_string(root().join("examples/multicluster.toml")).expect("example");
    std::fs::write(work.join("mesh.toml"), &text).expect("write");
    let built = fedc(&["build", "mesh.toml", "--out", "out"], work);
    assert!(built.status.success(), "{}", stderr(&built));
    let installer = work.join("out/installer/cluster-1");
    assert!(installer.join("control-plane.yaml").is_file() && installer.join("eastwest-gateway.yaml").is_file());
    // A file of the operator's own next to fedc's, and the same mesh switched to ossm3.
    std::fs::write(installer.join("notes.md"), "kept").expect("write");
    std::fs::write(work.join("mesh.toml"), as_ossm3(text)).expect("write");
    let rebuilt = fedc(&["build", "mesh.toml", "--out", "out"], work);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    assert!(!installer.join("control-plane.yaml").exists(), "fedc removes the installer input it wrote");
    assert!(installer.join("operator-steps.md").is_file());
    assert_eq!(std::fs::read_to_string(installer.join("notes.md")).expect("kept"), "kept");
    // `check --out` flags the foreign file there, as under clusters/.
    let checked = fedc(&["check", "mesh.toml", "--out", "out"], work);
    let report = crate::support::stdout(&checked);
    assert_eq!(checked.status.code(), Some(1), "{report}{}", stderr(&checked));
    assert!(report.contains("installer/cluster-1/notes.md"), "{report}");
}
