//! `fedc::template::…`: templates, built-in or from `--templates DIR`, and what they render.

codes! {
    area: "Failures: templates";

    DIR_MISSING = failure "fedc::template::dir-missing" {
        summary: "The `--templates` directory does not exist or is not a directory.",
        fix: "fix the path.",
    }

    UNKNOWN_NAME = failure "fedc::template::unknown-name" {
        summary: "A file (or directory) under `--templates` is not named like a built-in template.",
        details: "It would replace nothing.",
        fix: "rename it (the message suggests the closest name; docs/topology.md lists them) or remove it.",
    }

    SYMLINK = failure "fedc::template::symlink" {
        summary: "The `--templates` directory, or something on the way to it or under it, is a symbolic link.",
        details: r#"
            The directory itself, a directory on the way to it (relative path), or a file or directory
            under it: fedc does not follow it, and lists nothing of where it points.
        "#,
        fix: "name the real directory; replace the link with the file.",
    }

    NOT_REGULAR = failure "fedc::template::not-regular" {
        summary: "A file under `--templates` is a FIFO, device or socket; it is not opened for reading.",
        fix: "remove it.",
    }

    TOO_LARGE = failure "fedc::template::too-large" {
        summary: "A template holds more than 1 MiB.",
        fix: "check the file named.",
    }

    INVALID = failure "fedc::template::invalid" {
        summary: "A template (built-in or from `--templates`) does not parse.",
        fix: "fix the template syntax at the line named.",
    }

    FAILED = failure "fedc::template::failed" {
        summary: "A template raised an error while rendering, or did more work than one object needs.",
        details: r#"
            The limits are 2,000,000 instructions and 64 nested calls: a template override from the
            repository must not keep CI busy.
        "#,
        fix: "fix the expression named.",
    }

    INVALID_YAML = failure "fedc::template::invalid-yaml" {
        summary: "A template rendered text that is not YAML.",
        fix: "fix the template.",
    }

    NOT_A_MAPPING = failure "fedc::template::not-a-mapping" {
        summary: "A template rendered a YAML document that is not one mapping, or no document.",
        fix: "a template renders exactly one object.",
    }

    MULTIPLE_DOCUMENTS = failure "fedc::template::multiple-documents" {
        summary: "A template rendered more than one YAML document (`---`).",
        fix: "a template renders exactly one object; fedc plans every object itself.",
    }

    IDENTITY_CHANGED = failure "fedc::template::identity-changed" {
        summary: "A template rendered another `apiVersion`, `kind`, name or namespace than the plan's object.",
        details: "For example a ClusterRoleBinding where a ServiceMeshPeer was planned.",
        fix: r#"
            render the object the built-in template renders; see
            [Overlays and rendered objects](#overlays-and-rendered-objects).
        "#,
    }

    INVALID_OBJECT = failure "fedc::template::invalid-object" {
        summary: "A template rendered an object its kind's schema rejects.",
        details: "The message names the file and the path of the offending value.",
        fix: "use the CRD's field names and types.",
    }

    INVALID_HANDOFF = failure "fedc::template::invalid-handoff" {
        summary: "The partner hand-off templates rendered something that is not what a partner can use.",
        details: r#"
            The hand-off topology does not load as a fedc topology (bad TOML, an unknown key such as
            `apiVersion`), or the root-certificate template rendered something other than certificates; or
            an override of either says something the built-in template does not (an added `[[overlays]]` or
            `[[acknowledge]]` entry, a changed `root_cert`, other certificates: the message names the first
            difference).
        "#,
        fix: r#"
            render a topology (docs/topology.md, "The hand-off"); values through the `toml` filter; an
            override may change comments and layout only.
        "#,
    }

    INVALID_RUNBOOK = failure "fedc::template::invalid-runbook" {
        summary: "The operator-steps template rendered something that reads as a YAML document.",
        details: r#"
            `istio/operator-steps.md.j2` rendered text that starts with `apiVersion:` or `---`: the runbook
            is Markdown so that manifest validators never take it for a Kubernetes object.
        "#,
        fix: "render Markdown.",
    }

    CEL_RULE = failure "fedc::template::cel-rule" {
        summary: "A template rendered an object that breaks a CEL rule of its CRD.",
        details: "The message names the file, the path, the rule and the CRD.",
        fix: "render what the rule requires; see [`fedc::overlay::cel-rule`](#fedcoverlaycel-rule-error).",
    }

    REFUSED_CHARACTER = failure "fedc::template::refused-character" {
        summary: "A template rendered a string holding a character `kubectl kustomize` cannot read back.",
        details: "DEL, C1 controls, U+FFFE, U+FFFF; NEL in a key.",
        fix: "remove it; see [`fedc::overlay::refused-character`](#fedcoverlayrefused-character-error).",
    }

    ANNOTATIONS_TOO_LARGE = failure "fedc::template::annotations-too-large" {
        summary: "A template rendered an object with more than 256 KiB of annotations.",
        fix: "keep large data out of annotations.",
    }

    OBJECT_TOO_LARGE = failure "fedc::template::object-too-large" {
        summary: "A template rendered an object larger than etcd stores (1.5 MiB as JSON), or more than 4 MiB of text.",
        details: r#"
            The API server would refuse the object on create, and Argo CD or Flux fail the whole sync. A
            render is stopped once it has written 4 MiB, so a template looping over large strings cannot
            take the machine's memory.
        "#,
        fix: "keep large data out of the object; see [`fedc::overlay::object-too-large`](#fedcoverlayobject-too-large-error).",
    }
}
