//! www/catalogue.js is the core's catalogue (src/io/catalogue.rs) written as
//! a module: the page builds its menus and limits from it. This test fails
//! when the two differ; `UPDATE_CATALOGUE=1 cargo test --test catalogue`
//! writes the module again.

use gradient_descent_lab::io::catalogue::catalogue;
use gradient_descent_lab::io::value::Value;

const MODULE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www/catalogue.js");

/// A value as JavaScript source, on one line.
fn js(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            assert!(!s.contains(['"', '\\', '\n']), "{s}");
            format!("\"{s}\"")
        }
        Value::Array(items) => format!("[{}]", items.iter().map(js).collect::<Vec<_>>().join(", ")),
        Value::Object(fields) => {
            let fields = fields.iter().map(|(k, v)| format!("  {k}: {},\n", js(v)));
            format!("{{\n{}}}", fields.collect::<String>())
        }
    }
}

fn module() -> String {
    format!(
        "// What the lab offers: its problems, optimizers and data sets (each\n\
         // [name, problem, label]), the landscape's zoom range and the speed range\n\
         // [slowest, fastest, default]. Written from src/io/catalogue.rs by\n\
         // tests/catalogue.rs (UPDATE_CATALOGUE=1 cargo test --test catalogue): do\n\
         // not edit by hand.\n\
         export const CATALOGUE = {};\n",
        js(&catalogue())
    )
}

#[test]
fn the_page_module_is_the_cores_catalogue() {
    let expected = module();
    if std::env::var_os("UPDATE_CATALOGUE").is_some() {
        std::fs::write(MODULE, &expected).unwrap();
    }
    let written = std::fs::read_to_string(MODULE).unwrap_or_default();
    assert!(
        written == expected,
        "www/catalogue.js differs from src/io/catalogue.rs: run \
         UPDATE_CATALOGUE=1 cargo test --test catalogue\n{expected}"
    );
}

#[test]
fn every_data_set_is_listed_with_its_own_problem() {
    let catalogue = catalogue();
    let Some(Value::Array(datasets)) = catalogue.get("datasets") else {
        panic!("no data sets");
    };
    assert_eq!(datasets.len(), 9);
    let row = |i: usize| match &datasets[i] {
        Value::Array(cells) => cells.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        row(2)[..2],
        [
            Value::String("houses".into()),
            Value::String("regression".into())
        ]
    );
    assert_eq!(
        row(4)[..2],
        [
            Value::String("steps".into()),
            Value::String("regression".into())
        ]
    );
    assert_eq!(
        row(8)[..2],
        [
            Value::String("middle".into()),
            Value::String("classification".into())
        ]
    );
}
