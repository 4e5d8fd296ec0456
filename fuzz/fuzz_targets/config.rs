//! Any JSON as a lab's config: refused with a message that names the field,
//! or a lab whose state stays finite as it steps.
#![no_main]

use gradient_descent_lab::io::config::{Config, DataSource};
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::io::value::Value;
use libfuzzer_sys::fuzz_target;

fn value(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(items) => Value::Array(items.iter().map(value).collect()),
        serde_json::Value::Object(fields) => {
            Value::Object(fields.iter().map(|(k, v)| (k.clone(), value(v))).collect())
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    match Config::from_value(&value(&json)) {
        Err(error) => {
            let top = error.field.split(['.', '[']).next().unwrap();
            assert!(error.message.contains(top), "{error:?}");
        }
        Ok(mut config) => {
            if let DataSource::Generated(spec) = &mut config.data {
                spec.n = spec.n.min(500);
            }
            let mut lab = Lab::new(config);
            lab.step(100);
            let st = lab.state();
            for v in [st.w, st.b, st.loss, st.grad_w, st.grad_b] {
                assert!(v.is_finite(), "{st:?}");
            }
        }
    }
});
