//! The external REST API (`/api/external/<basepath>/[<key>/<value>]`):
//! status and configuration tables built from the device's state, with
//! the spec's envelope (`[{"peer", "num_recs", "records"}]`), `peer=`
//! restriction, `<key>/<value>` filtering, `sortBy` / `sortdirection`
//! sorting and `offset` / `limit` pagination, in JSON or XML.

use std::cmp::Ordering;

use baton_rest::route::{ExternalQuery, SortDirection};
use serde_json::{json, Map, Value};

use crate::appliance::Appliance;
use crate::host;
use crate::rest::xml_escape as escape_xml;

/// The tables served (the spec's list, plus the resources it names).
pub const TABLES: &[&str] = &[
    "configuration/conferencefactory/pools",
    "configuration/conferencefactory/servicepreferences",
    "configuration/conferencefactory/mcuinfo",
    "configuration/conferencefactory/mcuaddress",
    "configuration/time",
    "configuration/dns",
    "configuration/dnsserver",
    "configuration/ntpserver",
    "configuration/snmp",
    "status/cluster",
    "status/clusterpeer",
    "status/networkinterface",
    "status/system",
    "status/alarm",
    "status/conferencefactory/primaryconferences",
    "status/conferencefactory/mcustatus",
    "status/conferencefactory/mcucallsignallingloadstatus",
    "status/conferencefactory/mculicenceloadstatus",
];

/// One conference bridge of a pool (mcuinfo, mcuaddress, mcustatus).
struct Bridge {
    uuid: String,
    name: String,
    pool: String,
    bridge_type: String,
}

impl Bridge {
    /// The fields every bridge table has.
    fn record(&self) -> Value {
        json!({
            "uuid": self.uuid,
            "name": self.name,
            "pool": self.pool,
            "bridge_type": self.bridge_type,
        })
    }
}

impl Appliance {
    /// The records of `table` (`None` for a table not served).
    pub fn external_records(&self, table: &str) -> Option<Vec<Value>> {
        let d = &self.inner.config.device;
        let records = match table {
            "configuration/conferencefactory/pools" => self
                .inner
                .catalog
                .catalog()
                .services
                .iter()
                .map(|s| {
                    json!({
                        "uuid": format!("pool-{}", s.service_id.unwrap_or("")),
                        "name": format!("{} pool", s.display_name.unwrap_or("")),
                        "bridge_type": s.bridge_type.unwrap_or(""),
                    })
                })
                .collect(),
            "configuration/conferencefactory/servicepreferences" => self
                .inner
                .catalog
                .catalog()
                .services
                .iter()
                .map(|s| {
                    json!({
                        "uuid": s.service_id.unwrap_or(""),
                        "name": s.display_name.unwrap_or(""),
                        "description": s.description.unwrap_or(""),
                        "bridge_type": s.bridge_type.unwrap_or(""),
                        "qualities": s.qualities.unwrap_or(""),
                    })
                })
                .collect(),
            "configuration/conferencefactory/mcuinfo"
            | "configuration/conferencefactory/mcuaddress" => self
                .bridges()
                .map(|b| {
                    let mut r = b.record();
                    r["address"] = json!(d.ip_address);
                    r["port"] = json!(443);
                    r["protocol"] = json!("https");
                    r
                })
                .collect(),
            "configuration/time" => vec![json!({
                "uuid": "time",
                "time_zone": "UTC",
                "current_time": host::now_iso8601(),
            })],
            "configuration/dns" => vec![
                json!({"uuid": "dns", "system_host_name": d.system_name, "domain_name": self.inner.sip_domain().unwrap_or_default()}),
            ],
            "configuration/dnsserver"
            | "configuration/ntpserver"
            | "configuration/snmp"
            | "status/alarm" => Vec::new(),
            "status/cluster" => vec![json!({"uuid": "cluster", "state": "active", "peers": 1})],
            "status/clusterpeer" => {
                vec![json!({"uuid": "peer-1", "address": d.ip_address, "status": "active"})]
            }
            "status/networkinterface" => vec![json!({
                "uuid": "lan1",
                "name": "LAN1",
                "mac_address": d.mac_address,
                "ipv4_address": d.ip_address,
            })],
            "status/system" => vec![json!({
                "uuid": "system",
                "name": d.system_name,
                "software_version": d.software_version,
                "build": d.build_version,
                "serial": d.serial,
                "uptime": self.inner.started.elapsed().as_secs(),
            })],
            "status/conferencefactory/primaryconferences" => {
                let confs = self.inner.lock_conferences();
                confs
                    .iter()
                    .map(|c| {
                        json!({
                            "uuid": c.id,
                            "name": c.name,
                            "display_name": c.display_name,
                            "alias": c.alias,
                            "confbundle_id": c.bundle_id,
                            "participants": c.participants.len(),
                            "locked": c.locked,
                            "bridge_type": c.bridge.as_str(),
                            "age_seconds": c.created_at.elapsed().as_secs(),
                        })
                    })
                    .collect()
            }
            "status/conferencefactory/mcustatus" => self
                .bridges()
                .map(|b| {
                    let mut r = b.record();
                    r["status"] = json!("active");
                    r
                })
                .collect(),
            "status/conferencefactory/mcucallsignallingloadstatus" => self.pool_load_records(true),
            "status/conferencefactory/mculicenceloadstatus" => self.pool_load_records(false),
            "" | "status" | "configuration" => self.external_summary(table),
            _ => return None,
        };
        Some(records)
    }

    /// The conference bridges known: the emulated bridge of each
    /// configured pool (one per Service Preference, of its type; the uuid
    /// is the pool's with a `bridge-` prefix).
    fn bridges(&self) -> impl Iterator<Item = Bridge> {
        let catalog = self.inner.catalog.catalog();
        let list: Vec<Bridge> = catalog
            .services
            .iter()
            .map(|s| {
                let id = s.service_id.unwrap_or("");
                Bridge {
                    uuid: format!("bridge-{id}"),
                    name: format!("{} bridge", s.display_name.unwrap_or("")),
                    pool: format!("pool-{id}"),
                    bridge_type: s.bridge_type.unwrap_or("").to_owned(),
                }
            })
            .collect();
        list.into_iter()
    }

    /// The load tables: one record per Service Preference's pool (the uuid
    /// of its configuration/conferencefactory/pools record), the capacity
    /// its cost template configures and the load of the conferences running
    /// on it, not the Appendix A totals; `calls` picks the call signalling
    /// table (with a `calls` count), else the licence table.
    fn pool_load_records(&self, calls: bool) -> Vec<Value> {
        let confs = self.inner.lock_conferences();
        self.inner
            .catalog
            .pool_loads(&confs.iter().collect::<Vec<_>>())
            .iter()
            .map(|l| {
                let (dimension, capacity, in_use) = if calls {
                    l.call_load()
                } else {
                    l.licence_load()
                };
                let mut record = json!({
                    "uuid": format!("pool-{}", l.service_id),
                    "name": format!("{} pool", l.display_name),
                    "service_preference": l.service_id,
                    "bridge_type": l.bridge_type.map(|b| b.as_str()),
                    "dimension": dimension,
                    "capacity": capacity,
                    "in_use": in_use,
                });
                if calls {
                    record["calls"] = json!(l.calls);
                }
                record["conferences"] = json!(l.conferences);
                record
            })
            .collect()
    }

    /// `/api/external/` ("summary information about the configuration and
    /// status"), `/api/external/status` and `/api/external/configuration`
    /// (the two main groups): one record per table under it, with how many
    /// records it holds.
    fn external_summary(&self, group: &str) -> Vec<Value> {
        TABLES
            .iter()
            .filter(|t| {
                group.is_empty()
                    || t.strip_prefix(group)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|t| {
                let n = self.external_records(t).map_or(0, |r| r.len());
                let (kind, _) = t.split_once('/').unwrap_or((t, ""));
                json!({"uuid": t, "table": t, "group": kind, "num_recs": n})
            })
            .collect()
    }
}

fn text_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(x), Some(y)) => text_of(x).cmp(&text_of(y)),
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// Filters, sorts (by `sortBy`, default `uuid`) and pages `records`;
/// returns the number matched and the page.
pub fn select(
    records: Vec<Value>,
    filter: Option<(&str, &str)>,
    query: &ExternalQuery<'_>,
) -> (usize, Vec<Value>) {
    let mut matched: Vec<Value> = records
        .into_iter()
        .filter(|r| match filter {
            Some((k, v)) => r.get(k).is_some_and(|x| text_of(x) == v),
            None => true,
        })
        .collect();
    let key = query.sort_by.unwrap_or("uuid");
    matched.sort_by(|a, b| compare(a.get(key), b.get(key)));
    if query.sort_direction == Some(SortDirection::Descending) {
        matched.reverse();
    }
    let total = matched.len();
    let offset = query.offset.map_or(0, |o| o as usize).min(total);
    let limit = query.limit.map_or(usize::MAX, |l| l as usize);
    let page = matched.into_iter().skip(offset).take(limit).collect();
    (total, page)
}

fn record_xml(out: &mut String, r: &Value) {
    out.push_str("<record>");
    if let Some(map) = r.as_object() {
        write_fields(out, map);
    }
    out.push_str("</record>");
}

fn write_fields(out: &mut String, map: &Map<String, Value>) {
    for (k, v) in map {
        out.push('<');
        out.push_str(k);
        out.push('>');
        out.push_str(&escape_xml(&text_of(v)));
        out.push_str("</");
        out.push_str(k);
        out.push('>');
    }
}

/// The XML rendering: `<results><peer address=".." num_recs="..">
/// <record><field>value</field>...</record>...</peer></results>`.
pub(crate) fn to_xml(envelope: &[(String, usize, Vec<Value>)]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<results>");
    for (peer, total, records) in envelope {
        out.push_str(&format!(
            "<peer address=\"{}\" num_recs=\"{total}\">",
            escape_xml(peer)
        ));
        for r in records {
            record_xml(&mut out, r);
        }
        out.push_str("</peer>");
    }
    out.push_str("</results>\n");
    out
}
