//! CONFORMANCE.md stays honest: every fault code, REST error code, XML-RPC
//! method and Appendix A limit of the spec excerpts under `testdata/spec/`
//! has a row, every row proves itself with tests that exist (`fn name` in
//! the file it names) or says why it does not apply.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The excerpt's data lines (comments `#` and blank lines skipped).
fn excerpt(path: &str) -> Vec<String> {
    read(path)
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The matrix's table rows: their cells, trimmed.
fn rows() -> Vec<Vec<String>> {
    read("CONFORMANCE.md")
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Spec item") && !l.starts_with("|---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('|').trim().to_owned())
                .collect()
        })
        .collect()
}

fn keys() -> BTreeSet<String> {
    rows().into_iter().map(|r| r[0].clone()).collect()
}

#[test]
fn every_fault_code_of_the_spec_table_has_a_row() {
    let keys = keys();
    let codes: Vec<String> = excerpt("testdata/spec/fault_codes.txt")
        .iter()
        .map(|l| l.split('\t').next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 41, "the spec's table lists 41 fault codes");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !keys.contains(&format!("fault {c}")))
        .collect();
    assert!(missing.is_empty(), "fault codes without a row: {missing:?}");
}

#[test]
fn every_rest_error_code_of_the_spec_list_has_a_row() {
    let keys = keys();
    let codes: Vec<String> = excerpt("testdata/spec/rest_error_codes.txt")
        .iter()
        .map(|l| l.split('\t').nth(2).unwrap().trim().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "the spec's list has 10 error codes");
    let missing: Vec<&String> = codes
        .iter()
        .filter(|c| !keys.contains(&format!("error {c}")))
        .collect();
    assert!(missing.is_empty(), "error codes without a row: {missing:?}");
}

#[test]
fn every_xml_rpc_method_and_appendix_a_limit_has_a_row() {
    let keys = keys();
    let mut missing = Vec::new();
    for m in excerpt("testdata/spec/xmlrpc_methods.txt") {
        let key = format!("method {m}");
        if !keys
            .iter()
            .any(|k| *k == key || k.starts_with(&format!("{key} ")))
        {
            missing.push(key);
        }
    }
    for l in excerpt("testdata/spec/appendix_a_limits.txt") {
        let feature = l.split('\t').nth(1).unwrap();
        let key = format!("limit {feature}");
        if !keys
            .iter()
            .any(|k| *k == key || k.starts_with(&format!("{key} (")))
        {
            missing.push(key);
        }
    }
    assert!(missing.is_empty(), "spec items without a row: {missing:?}");
}

/// `file::name` references in a cell.
fn references(cell: &str) -> Vec<(String, String)> {
    cell.split([',', ' ', '(', ')'])
        .filter_map(|w| {
            let (file, name) = w.trim().split_once("::")?;
            file.ends_with(".rs")
                .then(|| (file.to_owned(), name.to_owned()))
        })
        .collect()
}

#[test]
fn every_row_names_tests_that_exist_or_says_why_not() {
    let mut problems = Vec::new();
    let rows = rows();
    assert!(rows.len() > 100, "{} rows", rows.len());
    for row in &rows {
        assert_eq!(row.len(), 3, "a row has 3 cells: {row:?}");
        let proof = &row[1];
        let refs = references(proof);
        if proof.starts_with("N/A") {
            if row[2].len() < 20 {
                problems.push(format!("{}: N/A without a reason", row[0]));
            }
        } else if refs.is_empty() {
            problems.push(format!("{}: no test named", row[0]));
        }
        for (file, name) in refs.iter().chain(references(&row[2]).iter()) {
            let text = std::fs::read_to_string(root().join(file)).unwrap_or_default();
            if !text.contains(&format!("fn {name}(")) {
                problems.push(format!("{}: {file} has no fn {name}", row[0]));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
