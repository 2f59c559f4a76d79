//! `baton_feedback::Receiver` on arbitrary bytes: never panics. The bytes
//! are split into a series of notifications (source, seqn, event names);
//! each is classified, and the classification must agree with a model of
//! the rules (duplicate, restart, in order, gap). The same bytes are also
//! parsed as a `receiverURI`.
#![no_main]

use std::collections::HashMap;

use baton_feedback::{Classification, Receiver, ReceiverUri};
use baton_rpc::{AnyEventName, Event, EventName};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(u) = ReceiverUri::parse(text) {
            assert!(u.port != 0 && !u.host.is_empty() && !u.path.is_empty());
        }
    }
    let mut r: Receiver<4> = Receiver::new();
    let mut model: HashMap<u8, (u32, u8)> = HashMap::new();
    for chunk in data.chunks(4) {
        let [source, s0, s1, name] = *chunk else {
            break;
        };
        let source = source % 6;
        let seqn = u32::from(u16::from_le_bytes([s0, s1]));
        let event = EventName::ALL[usize::from(name) % EventName::ALL.len()];
        let events = [Event {
            name: AnyEventName::Known(event),
            args: Default::default(),
        }];
        let id = format!("src{source}");
        let class = r.classify_parts(&id, seqn, &events);
        if let Some(&(last, last_name)) = model.get(&source) {
            let want = if last == seqn && last_name == name % 10 {
                Some(Classification::Duplicate)
            } else if event == EventName::ApplicationStarted {
                Some(Classification::Restart)
            } else if seqn == last + 1 {
                Some(Classification::InOrder)
            } else if seqn > last + 1 {
                Some(Classification::Gap {
                    missed: seqn - last - 1,
                })
            } else {
                Some(Classification::Restart)
            };
            // a source evicted from the 4 tracked is First/Restart again
            if class != Classification::First
                && !(class == Classification::Restart && event == EventName::ApplicationStarted)
            {
                assert_eq!(Some(class), want);
            }
        }
        model.insert(source, (seqn, name % 10));
        assert!(r.sources() <= 4);
    }
});
