use super::Located;

/// region / zone / subzone, each optional; the checker enforces the controller's combination rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Locality {
    pub(crate) region: Option<Located<String>>,
    pub(crate) zone: Option<Located<String>>,
    pub(crate) subzone: Option<Located<String>>,
}

impl Locality {
    /// The controller silently drops a zone without region, or a subzone without zone and region.
    pub(crate) fn is_valid_combination(&self) -> bool {
        let zone_ok = self.zone.is_none() || self.region.is_some();
        let subzone_ok = self.subzone.is_none() || (self.zone.is_some() && self.region.is_some());
        zone_ok && subzone_ok
    }
}
