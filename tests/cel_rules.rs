//! The CEL rules of the CRDs (`x-kubernetes-validations`) run inside `fedc build` and `fedc check`,
//! through the binary: an overlay or template override that breaks one fails the run with a coded
//! finding naming the rule, its CRD and the overlay or template that broke it, and writes nothing.
//! Defaults are applied first, as the API server applies them. (Every rule compiles and calls
//! only functions fedc's interpreter has: the unit tests in `src/render/schema/tests.rs`.)

use std::path::Path;

use serde_json::Value;

use crate::support::{edit, example_into, fedc, stderr, stdout, tree};

const SAIL_RULE: &str = "!has(self.values) || !has(self.values.global) || !has(self.values.global.istioNamespace) || self.values.global.istioNamespace == self.__namespace__";

/// The example, built once for OpenShift Service Mesh 3 into `out`, with `overlays` appended.
fn ossm3_example(work: &Path, overlays: &str) {
    let topology = example_into(work);
    let first = fedc(&["build", "federation.toml", "--target", "ossm3", "--out", "out"], work);
    assert!(first.status.success(), "{}", stderr(&first));
    edit(&topology, |t| t + overlays);
}

/// The one error of a run expected to fail with findings (JSON report).
fn one_finding(args: &[&str], work: &Path) -> Value {
    let run = fedc(args, work);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    // `check` reports on stdout (its output), `build` on stderr.
    let stream = if args[0] == "check" { stdout(&run) } else { stderr(&run) };
    let report: Value = serde_json::from_str(&stream).expect("JSON report");
    // `check` also reports the example's warnings.
    let errors: Vec<&Value> =
        report["diagnostics"].as_array().expect("diagnostics").iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{report}");
    errors[0].clone()
}

const ISTIO_NAMESPACE: &str = "\n[[overlays]]\ncluster = \"west\"\nkind = \"Istio\"\nmerge = { metadata = { annotations = { \"example.com/owner\" = \"mesh-team\" } } }\n\n[[overlays]]\ncluster = \"west\"\nkind = \"Istio\"\nmerge = { spec = { values = { global = { istioNamespace = \"istio-system\" } } } }\n";

#[test]
fn an_overlay_breaking_the_sail_istio_namespace_rule_fails_build_and_check() {
    let work = tempfile::tempdir().expect("tempdir");
    ossm3_example(work.path(), ISTIO_NAMESPACE);
    let before = tree(&work.path().join("out"));
    let build = ["build", "federation.toml", "--target", "ossm3", "--out", "out", "--format", "json"];
    let finding = one_finding(&build, work.path());
    assert_eq!(finding["code"], "fedc::overlay::cel-rule");
    assert_eq!(
        finding["message"],
        format!(
            "overlays[1] makes `clusters/west/_cluster/istio-default.yaml` (cluster west) refused by the API server: at `/spec`: CEL rule `{SAIL_RULE}` of CRD istios.sailoperator.io fails: spec.values.global.istioNamespace must match spec.namespace"
        )
    );
    assert_eq!(finding["labels"][0]["message"], "breaks a validation rule of the CRD");
    // The label is on the second overlay, not on the first that also selects the object.
    let text = std::fs::read_to_string(work.path().join("federation.toml")).expect("topology");
    let last = text.rfind("[[overlays]]").expect("the overlay");
    assert_eq!(finding["line"].as_u64(), Some(text[..last].lines().count() as u64 + 1));
    assert_eq!(tree(&work.path().join("out")), before, "a refused build wrote nothing");

    let check = ["check", "federation.toml", "--target", "ossm3", "--format", "json"];
    assert_eq!(one_finding(&check, work.path())["code"], "fedc::overlay::cel-rule", "check renders too");
}

#[test]
fn defaults_are_applied_before_the_rules_as_on_the_api_server() {
    // Without `spec.namespace` the API server sets its default, istio-system: the required field
    // is then present, and the rule compares istioNamespace with the default.
    let overlays = "\n[[overlays]]\ncluster = \"west\"\nkind = \"Istio\"\npatch = [{ op = \"remove\", path = \"/spec/namespace\" }]\n\n[[overlays]]\ncluster = \"west\"\nkind = \"Istio\"\nmerge = { spec = { values = { global = { istioNamespace = \"istio-system\" } } } }\n";
    let work = tempfile::tempdir().expect("tempdir");
    ossm3_example(work.path(), overlays);
    let run = fedc(&["build", "federation.toml", "--target", "ossm3", "--out", "out"], work.path());
    assert!(run.status.success(), "the defaulted namespace matches: {}", stderr(&run));
    let written =
        std::fs::read_to_string(work.path().join("out/clusters/west/_cluster/istio-default.yaml")).expect("Istio");
    assert!(!written.contains("  namespace:"), "defaults are applied for checking only, never written:\n{written}");

    edit(&work.path().join("federation.toml"), |t| {
        t.replace("istioNamespace = \"istio-system\"", "istioNamespace = \"green-mesh-system\"")
    });
    let finding = one_finding(
        &["build", "federation.toml", "--target", "ossm3", "--out", "out", "--format", "json"],
        work.path(),
    );
    assert_eq!(finding["code"], "fedc::overlay::cel-rule", "the default, not the removed value, is compared");
}

#[test]
fn a_quadratic_uniqueness_rule_on_service_entry_ports_fails_the_build() {
    let duplicate = "\n[[overlays]]\ncluster = \"west\"\nkind = \"ServiceEntry\"\nname = \"details-bookinfo-blue-federated-blue\"\npatch = [{ op = \"add\", path = \"/spec/ports/-\", value = { name = \"http-alt\", number = 9080, protocol = \"HTTP\" } }]\n";
    let work = tempfile::tempdir().expect("tempdir");
    ossm3_example(work.path(), duplicate);
    let finding = one_finding(
        &["build", "federation.toml", "--target", "ossm3", "--out", "out", "--format", "json"],
        work.path(),
    );
    assert_eq!(finding["code"], "fedc::overlay::cel-rule");
    let message = finding["message"].as_str().expect("message");
    assert!(
        message.ends_with("at `/spec/ports`: CEL rule `self.all(l1, self.exists_one(l2, l1.number == l2.number))` of CRD serviceentries.networking.istio.io fails: port number cannot be duplicated"),
        "{message}"
    );
}

#[test]
fn a_flux_kustomization_rule_fails_the_ossm2_build() {
    let empty =
        "\n[[overlays]]\nkind = \"Kustomization\"\nname = \"bookinfo\"\nmerge = { spec = { kubeConfig = {} } }\n";
    let work = tempfile::tempdir().expect("tempdir");
    let topology = example_into(work.path());
    edit(&topology, |t| t + empty);
    let finding = one_finding(&["build", "federation.toml", "--out", "out", "--format", "json"], work.path());
    assert_eq!(finding["code"], "fedc::overlay::cel-rule");
    let message = finding["message"].as_str().expect("message");
    assert!(
        message.ends_with("at `/spec/kubeConfig`: CEL rule `has(self.configMapRef) || has(self.secretRef)` of CRD kustomizations.kustomize.toolkit.fluxcd.io fails: exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified"),
        "{message}"
    );
    assert!(!work.path().join("out").exists(), "nothing written");
}

#[test]
fn a_template_override_breaking_a_rule_is_named() {
    let work = tempfile::tempdir().expect("tempdir");
    example_into(work.path());
    let built_in =
        std::fs::read_to_string(crate::support::repo().join("templates/istio/sail-istio.yaml.j2")).expect("template");
    assert_eq!(built_in.matches("\n    global:\n").count(), 1, "the template writes spec.values.global once");
    let broken = built_in.replace("\n    global:\n", "\n    global:\n      istioNamespace: elsewhere\n");
    std::fs::create_dir_all(work.path().join("templates/istio")).expect("mkdir");
    std::fs::write(work.path().join("templates/istio/sail-istio.yaml.j2"), broken).expect("override");
    let run = fedc(
        &[
            "build",
            "federation.toml",
            "--target",
            "ossm3",
            "--templates",
            "templates",
            "--out",
            "out",
            "--format",
            "json",
        ],
        work.path(),
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let report: Value = serde_json::from_str(&stderr(&run)).expect("JSON report");
    assert_eq!(report["error"]["code"], "fedc::template::cel-rule");
    let message = report["error"]["message"].as_str().expect("message");
    assert!(message.starts_with("template istio/sail-istio.yaml.j2: rendered clusters/"), "{message}");
    assert!(
        message.contains(&format!(
            "the API server would refuse at `/spec`: CEL rule `{SAIL_RULE}` of CRD istios.sailoperator.io fails"
        )),
        "{message}"
    );
    assert!(!work.path().join("out").exists(), "nothing written");
}
