#!/usr/bin/env python3
"""Deterministic federation topology for the performance benchmark (docs/performance.md).

gen-topology.py --meshes N [--services S] > federation.toml

N fully peered OSSM 2 meshes on N/4 clusters in 5 regions. Every mesh exports to every peer:
`bookinfo-<mesh>/ratings` by name (each mesh its own namespaces: a namespace of a cluster joins
one member roll only), `shop-<mesh>/*` by namespace, and the Services labelled
`export-service=true` in `labelled-<mesh>`; with --services S it also exports S services of
`svc-<mesh>` by name (the wide case); with --root-cert every mesh has that root certificate (a
CA ConfigMap per peer). Each mesh imports ratings as local from its next peer (in
another region, so a failover DestinationRule points there), and the shop namespace of its next
three peers. Same arguments, same bytes.
"""
import argparse
import sys


def topology(meshes: int, services: int, root_cert: str) -> str:
    clusters = max(2, meshes // 4)
    out = [
        '[federation]\nname = "bench"\n\n[gitops]\nrepo_url = "https://git.example.com/fleet.git"\n'
        'argocd = {}\nflux = { source = "fleet" }\n'
    ]
    for c in range(clusters):
        out.append(
            f'\n[[clusters]]\nname = "c{c:03}"\nplatform = "aws"\nnetwork = "net-{c:03}"\n'
            f'locality = {{ region = "region-{c % 5}" }}\n'
        )
    cluster_of = [m % clusters for m in range(meshes)]
    for m in range(meshes):
        out.append(
            f'\n[[meshes]]\nname = "m{m:03}"\ncluster = "c{cluster_of[m]:03}"\nversion = "v2.6"\n'
            + (f'root_cert = "{root_cert}"\n' if root_cert else "")
            + f'[meshes.ingress]\ntype = "LoadBalancer"\naddress = "{{gateway}}.m{m:03}.example.com"\n'
        )
    names = ", ".join(f'"m{m:03}"' for m in range(meshes))
    out.append(f"\n[[peerings]]\nmeshes = [{names}]\n")
    for m in range(meshes):
        out.append(
            f'\n[[exports]]\nmesh = "m{m:03}"\n'
            f'  [[exports.rules]]\n  service = "bookinfo-m{m:03}/ratings"\n'
            f'  [[exports.rules]]\n  service = "shop-m{m:03}/*"\n'
            f'  [[exports.rules]]\n  namespace = "labelled-m{m:03}"\n'
            '  labels = { "export-service" = "true" }\n'
        )
        for s in range(services):
            out.append(f'  [[exports.rules]]\n  service = "svc-m{m:03}/s{s:05}"\n')
    for m in range(meshes):
        local = (m + 1) % meshes
        out.append(
            f'\n[[imports]]\nmesh = "m{m:03}"\nfrom = "m{local:03}"\n'
            f'  [[imports.rules]]\n  service = "bookinfo-m{local:03}/ratings"\n'
            f'  alias = "ratings-m{m:03}/ratings"\n  as_local = true\n'
        )
        for k in (2, 3, 4):
            peer = (m + k) % meshes
            if peer != m:
                out.append(
                    f'\n[[imports]]\nmesh = "m{m:03}"\nfrom = "m{peer:03}"\n'
                    f'  [[imports.rules]]\n  service = "shop-m{peer:03}/*"\n'
                    f'  [[imports.rules]]\n  service = "labelled-m{peer:03}/*"\n'
                    + (f'  [[imports.rules]]\n  service = "svc-m{peer:03}/*"\n' if services else "")
                )
        mine, theirs = cluster_of[m] % 5, cluster_of[local] % 5
        if mine != theirs:
            out.append(
                f'\n[[failover]]\nmesh = "m{m:03}"\nservice = "ratings-m{m:03}/ratings"\n'
                f'to = "region-{theirs}"\n'
            )
    return "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meshes", type=int, required=True)
    parser.add_argument("--services", type=int, default=0, help="extra services each mesh exports by name")
    parser.add_argument("--root-cert", default="", help="every mesh's root certificate (path from the topology)")
    args = parser.parse_args()
    if args.meshes < 2:
        sys.exit("--meshes must be at least 2")
    sys.stdout.write(topology(args.meshes, args.services, args.root_cert))


if __name__ == "__main__":
    main()
