use super::{Locality, Located};

#[derive(Debug, Clone)]
pub(crate) struct Cluster {
    pub(crate) name: Located<String>,
    pub(crate) platform: Located<Platform>,
    /// Network name, `spec.cluster.network` of every control plane on this cluster.
    pub(crate) network: Located<String>,
    pub(crate) locality: Option<Located<Locality>>,
    /// Where peers of an `istio`/`ossm3` mesh reach this cluster's east-west gateway (IP or hostname).
    pub(crate) eastwest_address: Option<Located<String>>,
    /// `managed = false`: run by someone else; its meshes are partners, nothing is emitted for it.
    pub(crate) partner: Option<Located<bool>>,
    /// The kubeconfig context the cluster is reached through (`context`; default: its name).
    pub(crate) context: Located<String>,
}

impl Cluster {
    /// Whether the cluster (and every mesh on it) is run by someone else.
    pub(crate) fn is_partner(&self) -> bool {
        self.partner.as_ref().is_some_and(|p| p.value)
    }

    pub(crate) fn region(&self) -> Option<&Located<String>> {
        self.locality.as_ref().and_then(|l| l.value.region.as_ref())
    }
}

/// Where a cluster runs; decides the federation ingress Service annotations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Platform {
    Aws,
    Azure,
    Gcp,
    Baremetal,
    IbmPower,
    IbmZ,
    Openshift,
    /// Known so that the checker can refuse it: federation is unsupported there.
    OpenshiftDedicated,
    /// Azure Red Hat OpenShift; known so that the checker can refuse it.
    Aro,
}

impl Platform {
    pub(crate) const ALL: [(&'static str, Platform); 9] = [
        ("aws", Platform::Aws),
        ("azure", Platform::Azure),
        ("gcp", Platform::Gcp),
        ("baremetal", Platform::Baremetal),
        ("ibm-power", Platform::IbmPower),
        ("ibm-z", Platform::IbmZ),
        ("openshift", Platform::Openshift),
        ("openshift-dedicated", Platform::OpenshiftDedicated),
        ("aro", Platform::Aro),
    ];

    pub(crate) fn parse(text: &str) -> Option<Platform> {
        Self::ALL.iter().find(|(name, _)| *name == text).map(|(_, p)| *p)
    }

    pub(crate) fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, p)| *p == self).map_or("openshift", |(name, _)| name)
    }

    /// Service annotations the platform's load balancer needs for raw TLS (layer 4) traffic.
    pub(crate) fn ingress_annotations(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Platform::Aws => &[("service.beta.kubernetes.io/aws-load-balancer-type", "nlb")],
            _ => &[],
        }
    }
}
