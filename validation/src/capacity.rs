//! The capacity arithmetic of "Scheduling via Cisco TMS": from the
//! Capacity Management API's ServiceParams and a mix of endpoints, the
//! conference's cost and the `factoryResourceLimits` to request.
//!
//! "To work out the cost of the conference, all number of calls, media and
//! license requirements are added up": the one-off per-conference cost
//! plus, for each endpoint, the ParticipantCost of its number of screens.

use baton_rest::{BridgeType, Dimension, ParticipantCost, Resources, ServiceParams};
use baton_rpc::factory::ResourceLimits;

use crate::Error;

/// The endpoints expected in a conference, by number of screens (see
/// [`conference_cost`] for the cost it makes).
///
/// ```
/// use baton_validate::capacity::EndpointMix;
///
/// let mix = EndpointMix::new().with(1, 4).unwrap().with(3, 1).unwrap().with_tip_three_screen(2).unwrap();
/// assert_eq!((mix.by_screens, mix.tip_three_screen), ([4, 0, 1, 0], 2));
/// assert!(EndpointMix::new().with(0, 1).is_err());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EndpointMix {
    /// `by_screens[n - 1]`: endpoints with `n` screens (1-4).
    pub by_screens: [u32; 4],
    /// 3-screen TIP endpoints. The spec's worked example charges them the
    /// 4-screen participant cost (2 x 3-screen TIP: Media 17664 = 2 x 8832,
    /// Licenses 20160 = 2 x 10080).
    pub tip_three_screen: u32,
}

impl EndpointMix {
    /// No endpoints.
    pub const fn new() -> Self {
        EndpointMix {
            by_screens: [0; 4],
            tip_three_screen: 0,
        }
    }

    /// Adds `count` endpoints of `screens` screens (1-4; others are an error).
    pub fn with(mut self, screens: u8, count: u32) -> Result<Self, Error> {
        let slot = usize::from(screens)
            .checked_sub(1)
            .and_then(|i| self.by_screens.get_mut(i))
            .ok_or(Error::InvalidScreens(screens))?;
        *slot = slot.checked_add(count).ok_or(Error::Overflow)?;
        Ok(self)
    }

    /// Adds `count` 3-screen TIP endpoints.
    pub fn with_tip_three_screen(mut self, count: u32) -> Result<Self, Error> {
        self.tip_three_screen = self
            .tip_three_screen
            .checked_add(count)
            .ok_or(Error::Overflow)?;
        Ok(self)
    }
}

/// Resource totals, per dimension (absent dimensions are `None`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResourceTotals {
    /// `ports` (TelePresence MCU).
    pub ports: Option<i64>,
    /// `signalling` (TelePresence Server calls).
    pub signalling: Option<i64>,
    /// `media` (TelePresence Server).
    pub media: Option<i64>,
    /// `licenses` / `licences` (TelePresence Server).
    pub licences: Option<i64>,
}

impl ResourceTotals {
    fn slot(&mut self, d: Dimension) -> &mut Option<i64> {
        match d {
            Dimension::Ports => &mut self.ports,
            Dimension::Signalling => &mut self.signalling,
            Dimension::Media => &mut self.media,
            Dimension::Licences => &mut self.licences,
        }
    }

    /// Adds `times` x `resources`.
    pub fn add(&mut self, resources: &Resources<'_>, times: u32) -> Result<(), Error> {
        for r in resources.iter() {
            let d = r.dimension().ok_or(Error::UnknownDimension)?;
            let v = r.value.ok_or(Error::MissingCost)?;
            let add = v.checked_mul(i64::from(times)).ok_or(Error::Overflow)?;
            let slot = self.slot(d);
            *slot = Some(slot.unwrap_or(0).checked_add(add).ok_or(Error::Overflow)?);
        }
        Ok(())
    }
}

/// The ParticipantCost for `screens`: the element with that `num_screens`,
/// else the largest below it (a bridge without multiscreen has only
/// `num_screens` 1).
pub fn participant_cost_for<'p, 'a>(
    costs: &'p [ParticipantCost<'a>],
    screens: u8,
) -> Option<&'p ParticipantCost<'a>> {
    let want = i64::from(screens);
    costs
        .iter()
        .filter(|c| c.num_screens.is_some_and(|n| n <= want))
        .max_by_key(|c| c.num_screens)
}

/// The cost of a conference: `conference_cost` plus each endpoint's
/// participant cost.
///
/// The spec's worked example: four single-screen endpoints on an MCU that
/// charges 1 port per conference and 1 per participant:
///
/// ```
/// use baton_rest::{from_slice_in_place, BridgeType, ServiceParams};
/// use baton_validate::capacity::{conference_cost, factory_resource_limits, EndpointMix};
///
/// let mut params = *br#"{"bridge_type": "mcu",
///     "conference_cost": [{"dimension": "ports", "value": 1}],
///     "participant_cost": [{"num_screens": 1, "resources": [{"dimension": "ports", "value": 1}]}]}"#;
/// let params: ServiceParams = from_slice_in_place(&mut params).unwrap();
/// let mix = EndpointMix::new().with(1, 4).unwrap();
/// let totals = conference_cost(&params, &mix).unwrap();
/// assert_eq!(totals.ports, Some(5));
/// // What factory.conferencecreate's factoryResourceLimits carries.
/// let limits = factory_resource_limits(&totals, BridgeType::Mcu).unwrap();
/// assert_eq!(limits.ports, Some(5));
/// assert!(EndpointMix::new().with(5, 1).is_err()); // 1-4 screens
/// ```
pub fn conference_cost(
    params: &ServiceParams<'_>,
    mix: &EndpointMix,
) -> Result<ResourceTotals, Error> {
    let mut totals = ResourceTotals::default();
    if let Some(once) = &params.conference_cost {
        totals.add(once, 1)?;
    }
    let costs = params.participant_cost.as_deref().unwrap_or(&[]);
    let mut charge = |screens: u8, count: u32| -> Result<(), Error> {
        if count == 0 {
            return Ok(());
        }
        let cost = participant_cost_for(costs, screens).ok_or(Error::NoParticipantCost(screens))?;
        match &cost.resources {
            Some(r) => totals.add(r, count),
            None => Err(Error::MissingCost),
        }
    };
    for (i, &count) in mix.by_screens.iter().enumerate() {
        charge(i as u8 + 1, count)?;
    }
    charge(4, mix.tip_three_screen)?;
    Ok(totals)
}

/// The `factoryResourceLimits` for a conference of cost `totals` on a
/// bridge of type `bridge`: `ports` for `mcu`; `signalling`, `media`,
/// `licences` for `tsmcu`.
pub fn factory_resource_limits(
    totals: &ResourceTotals,
    bridge: BridgeType,
) -> Result<ResourceLimits, Error> {
    let narrow = |v: Option<i64>| -> Result<Option<i32>, Error> {
        v.map(|v| i32::try_from(v).map_err(|_| Error::Overflow))
            .transpose()
    };
    Ok(match bridge {
        BridgeType::Mcu => ResourceLimits {
            ports: narrow(Some(totals.ports.unwrap_or(0)))?,
            ..ResourceLimits::default()
        },
        BridgeType::Tsmcu => ResourceLimits {
            signalling: narrow(Some(totals.signalling.unwrap_or(0)))?,
            media: narrow(Some(totals.media.unwrap_or(0)))?,
            licences: narrow(Some(totals.licences.unwrap_or(0)))?,
            ..ResourceLimits::default()
        },
    })
}
