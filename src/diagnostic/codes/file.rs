//! `fedc::file::…`: files the topology names (root certificates, patch files).

codes! {
    area: "Files",
    intro: r#"
        A topology names files: each mesh's `root_cert`, each overlay's `patch_file` or `merge_file`. In
        CI these come from the pull request like the topology itself, so fedc reads them only from the
        topology's directory tree (the directory holding the topology file, and below), and only regular
        files of at most 1 MiB, opened without following any symbolic link. `--allow-read DIR`
        (repeatable, on `check`, `build` and `diff`) adds a directory tree to read from. docs/topology.md
        has the rules in full. Each problem is reported at the path as written; nothing is read from a
        refused path. (The topology file itself is refused with a failure: `fedc::io::symlink`,
        `fedc::io::not-regular`, `fedc::io::too-large`.)
    "#;

    UNREADABLE = error "fedc::file::unreadable" {
        summary: "A file the topology names cannot be read.",
        details: r#"
            It does not exist, may not be read, a directory on its way is not a directory, or it is not UTF-8
            text.
        "#,
        example: toml r#"
            [[meshes]]
            name = "red"
            root_cert = "certs/red.pem"   # no such file next to the topology
        "#,
        fix: "paths are relative to the topology file; point at an existing, readable file.",
    }

    OUTSIDE_REPOSITORY = error "fedc::file::outside-repository" {
        summary: "A file the topology names is outside the topology's directory tree.",
        details: r#"
            The path is absolute, or its `..` components lead out of the topology's directory, and it is not
            inside a directory given with `--allow-read`. `..` is resolved by name (`certs/../x.pem` is
            `x.pem`), never by asking the file system where a link leads.
        "#,
        example: toml r#"
            root_cert = "../../shared/ca.pem"   # above the topology's directory
            merge_file = "/etc/fedc/smcp.json"  # absolute
        "#,
        fix: r#"
            move the file into the topology's directory tree, or run fedc with `--allow-read ../../shared`
            (relative to the working directory) to read from there on purpose.
        "#,
    }

    SYMLINK = error "fedc::file::symlink" {
        summary: "A file the topology names, or a directory on its way, is a symbolic link.",
        details: r#"
            fedc opens each component with `O_NOFOLLOW`, so a link is refused where it is used, whether it
            points inside the repository or out of it (a pull request could otherwise point `certs/ca.pem`
            at any file of the CI machine and have it published in a ConfigMap).
        "#,
        example: toml r#"
            root_cert = "certs/current.pem"   # certs/current.pem -> 2026.pem
        "#,
        fix: "name the file the link points to.",
    }

    NOT_REGULAR = error "fedc::file::not-regular" {
        summary: "A path the topology names is a directory, a FIFO, a device (`/dev/zero`) or a socket.",
        details: r#"
            Its type is checked before it is opened and again on the open file, and it is opened
            non-blocking: fedc never waits on a FIFO or reads a device.
        "#,
        example: toml r#"
            root_cert = "certs"   # a directory
        "#,
        fix: "point at a regular file.",
    }

    TOO_LARGE = error "fedc::file::too-large" {
        summary: "A file the topology names holds more than 1 MiB.",
        details: r#"
            That is the most a ConfigMap can publish and far more than a patch needs. fedc reads at most one
            byte past the limit, so a file that grows while it is read changes nothing.
        "#,
        example: toml r#"
            merge_file = "overlays/huge.json"   # 5 MiB
        "#,
        fix: "keep attachments small; a root certificate bundle holds a few certificates.",
    }
}
