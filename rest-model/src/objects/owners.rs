//! The Owners API's `owners` and `owner` objects.

use crate::decode::List;

/// The spec's limit on an `owners` array (and the capacity kept).
pub const MAX_OWNERS: usize = 100;

rest_object! {
    /// An `owner`: a subset of a ConfBundle.
    pub struct Owner<'a> {
        /// The GUID linking to the matching ConfBundle.
        owner_id: &'a str = "owner_id",
        /// The conference initiator's Active Directory GUID.
        external_owner_id: &'a str = "external_owner_id",
        /// `PMP` or `SMP` (default SMP).
        multi_party_license: &'a str = "multi_party_license",
    }
}

rest_object! {
    /// `owners`: bulk provisioning of Owner objects (`PUT /api/4.0/owners`).
    pub struct Owners<'a> {
        /// At most 100 Owner objects.
        owners: List<Owner<'a>, MAX_OWNERS> = "owners",
        /// The UUID of the directory sync generation.
        generation: &'a str = "generation",
    }
}
