//! The on-target test suite: the core crates' golden vectors, the spec's examples, the
//! request-fault table and fixed-seed slices of the property tests, compiled for
//! `thumbv7em-none-eabihf` and run on a Cortex-M4F (QEMU `mps2-an386`) with semihosting.
//!
//! On bare metal (`target_os = "none"`, where the codec's build.rs turns on its
//! `baton_compact` profile) the codec takes other code paths than on a default host build
//! (the scalar visitor through `De::leaf`, no typed fast paths in `Reader::value` and the
//! `deserialize_*` methods, a plain scan instead of `memchr::memmem` in `text::find` and the
//! base64 pre-pass). CI also runs the codec's and rpc-model's host test suites with
//! `RUSTFLAGS="--cfg baton_compact"`; this suite runs those paths on the target itself (its
//! word size, alignment and opt-level "z"). No allocator; documents are built in fixed
//! buffers.
//!
//! Run it with `bash examples/on-target/run.sh` (builds, boots QEMU, checks the result). It
//! prints one line per test and `on-target: P passed, F failed` last; the semihosting exit
//! code is 0 only when every test passed. A panic (the core crates must never panic) or an
//! arithmetic overflow (overflow checks are on) fails the run.
#![no_std]
#![no_main]
#![deny(unsafe_code)]

mod check;
mod faults;
mod gen;
mod golden;
mod props;
mod xml;

use cortex_m_rt::entry;
use cortex_m_semihosting::{debug, hprintln};

pub use check::Outcome;

/// A test: its name and its body.
type Test = (&'static str, fn() -> Outcome);

/// Every test.
const TESTS: &[Test] = &[
    // xmlrpc-codec/tests/decode_golden.rs
    (
        "decode_golden::spec_event_notification_verbatim_decodes_in_place",
        golden::spec_event_notification_in_place,
    ),
    (
        "decode_golden::spec_event_notification_verbatim_decodes_from_slice",
        golden::spec_event_notification_from_slice,
    ),
    (
        "decode_golden::cpython_form_of_event_notification_decodes",
        golden::cpython_form_of_event_notification,
    ),
    ("decode_golden::fault_response", golden::fault_response),
    // xmlrpc-codec/tests/encode_golden.rs
    (
        "encode_golden::spec_event_notification_encodes_to_golden",
        golden::spec_event_notification_encodes_to_golden,
    ),
    (
        "encode_golden::golden_event_notification_decodes_back_to_itself",
        golden::golden_event_notification_fixed_point,
    ),
    (
        "encode_golden::conference_create_call_golden",
        golden::conference_create_call_golden,
    ),
    (
        "encode_golden::call_without_params_golden",
        golden::call_without_params_golden,
    ),
    (
        "encode_golden::device_query_response_golden",
        golden::device_query_response_golden,
    ),
    (
        "encode_golden::all_types_response_golden",
        golden::all_types_response_golden,
    ),
    (
        "encode_golden::datetime_with_fraction_and_zone_golden",
        golden::datetime_zoned_golden,
    ),
    ("encode_golden::fault_golden", golden::fault_golden),
    // the view and the stream decoder on the spec's example and the golden documents
    (
        "spec_examples::every_golden_document_decodes_alike_every_way",
        golden::golden_documents_decode_alike,
    ),
    (
        "spec_examples::spec_notification_is_an_event_notification_request",
        golden::spec_notification_request,
    ),
    (
        "spec_examples::conference_create_benchmark_request_decodes",
        golden::conference_create_request,
    ),
    // rpc-model/tests/request_faults.rs
    (
        "request_faults::unknown_method_is_fault_1_method_not_supported",
        faults::unknown_method_is_fault_1,
    ),
    (
        "request_faults::missing_conference_name_is_fault_8",
        faults::missing_conference_name_is_fault_8,
    ),
    (
        "request_faults::missing_participant_name_is_fault_9",
        faults::missing_participant_name_is_fault_9,
    ),
    (
        "request_faults::missing_participant_address_is_fault_10",
        faults::missing_participant_address_is_fault_10,
    ),
    (
        "request_faults::missing_conference_alias_is_fault_21",
        faults::missing_conference_alias_is_fault_21,
    ),
    (
        "request_faults::missing_other_required_parameter_is_fault_101_with_its_name",
        faults::missing_other_required_is_fault_101,
    ),
    (
        "request_faults::missing_authentication_is_fault_101_with_its_name",
        faults::missing_authentication_is_fault_101,
    ),
    (
        "request_faults::call_without_params_reports_its_first_required_parameter",
        faults::call_without_params,
    ),
    (
        "request_faults::wrong_type_is_fault_103_malformed_parameter_with_its_name",
        faults::wrong_type_is_fault_103,
    ),
    (
        "request_faults::unknown_enum_value_is_fault_102_invalid_parameter_with_its_name",
        faults::unknown_enum_value_is_fault_102,
    ),
    (
        "request_faults::boolean_given_as_int_is_fault_103",
        faults::boolean_given_as_int_is_fault_103,
    ),
    (
        "request_faults::participant_identification_with_an_invalid_protocol_or_type_is_fault_19_or_20",
        faults::participant_identification_with_an_invalid_protocol_or_type_is_fault_19_or_20,
    ),
    (
        "request_faults::integer_outside_i32_is_fault_102",
        faults::integer_outside_i32_is_fault_102,
    ),
    (
        "request_faults::list_over_capacity_is_fault_102",
        faults::list_over_capacity_is_fault_102,
    ),
    (
        "request_faults::unparseable_xml_is_fault_201_operation_failed",
        faults::unparseable_xml_is_fault_201,
    ),
    (
        "request_faults::xml_damaged_inside_a_parameter_is_fault_103_with_its_name",
        faults::damaged_inside_a_parameter_is_fault_103,
    ),
    (
        "request_faults::every_decoding_fault_code_is_in_the_spec_table",
        faults::every_fault_code_in_spec_table,
    ),
    // fixed-seed slices of xmlrpc-codec/tests/stream_proptest.rs and the typed/untyped rule
    (
        "props::the_generator_makes_valid_and_invalid_documents",
        props::generator_makes_valid_and_invalid,
    ),
    (
        "props::random_documents_and_chunkings_agree (stream = whole document)",
        props::stream_equals_whole,
    ),
    (
        "props::typed_decode_equals_untyped_view",
        props::typed_equals_view,
    ),
];

#[entry]
fn main() -> ! {
    let (mut passed, mut failed) = (0u32, 0u32);
    for (name, test) in TESTS {
        match test() {
            Ok(()) => {
                passed += 1;
                hprintln!("ok   {}", name);
            }
            Err(f) => {
                failed += 1;
                hprintln!("FAIL {}: {}", name, f);
            }
        }
    }
    hprintln!("on-target: {} passed, {} failed", passed, failed);
    debug::exit(if failed == 0 {
        debug::EXIT_SUCCESS
    } else {
        debug::EXIT_FAILURE
    });
    loop {
        cortex_m::asm::wfi();
    }
}

/// A panic fails the run (the core crates never panic on any input; overflow checks are on).
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    hprintln!("PANIC {}", info);
    hprintln!("on-target: 0 passed, 1 failed (panicked)");
    debug::exit(debug::EXIT_FAILURE);
    loop {
        cortex_m::asm::wfi();
    }
}
