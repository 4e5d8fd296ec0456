//! JS values in and out: a JS config becomes a core [`Value`]; core values
//! and snapshots become plain JS objects.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsError, JsValue};

use crate::io::config::ConfigError;
use crate::io::value::Value;

/// Objects nested deeper than this are refused (a config is three levels
/// deep; this also stops a cyclic object).
const MAX_DEPTH: usize = 8;

/// Reads a JS value as a core value. `undefined` counts as `null` (missing).
pub fn from_js(value: &JsValue, path: &str) -> Result<Value, ConfigError> {
    read(value, path, 0)
}

fn read(value: &JsValue, path: &str, depth: usize) -> Result<Value, ConfigError> {
    if value.is_undefined() || value.is_null() {
        return Ok(Value::Null);
    }
    if let Some(b) = value.as_bool() {
        return Ok(Value::Bool(b));
    }
    if let Some(n) = value.as_f64() {
        return Ok(Value::Number(n));
    }
    if let Some(s) = value.as_string() {
        return Ok(Value::String(s));
    }
    if depth >= MAX_DEPTH {
        return Err(ConfigError::new(
            path,
            format!("{path} is nested too deeply (or refers to itself)."),
        ));
    }
    if let Some(array) = value.dyn_ref::<Array>() {
        let mut items = Vec::new();
        for (i, item) in array.iter().enumerate() {
            items.push(read(&item, &format!("{path}[{i}]"), depth + 1)?);
        }
        return Ok(Value::Array(items));
    }
    if value.is_object() && !value.is_function() {
        let mut fields = Vec::new();
        for entry in Object::entries(value.unchecked_ref::<Object>()).iter() {
            let entry: Array = entry.unchecked_into();
            let name = entry.get(0).as_string().unwrap_or_default();
            let child = read(&entry.get(1), &format!("{path}.{name}"), depth + 1)?;
            fields.push((name, child));
        }
        return Ok(Value::Object(fields));
    }
    let kind = value.js_typeof().as_string().unwrap_or_default();
    Err(ConfigError::new(
        path,
        format!("{path} must be a number, string, boolean, array or object; got a {kind}."),
    ))
}

/// A core value as a plain JS value.
pub fn to_js(value: &Value) -> JsValue {
    match value {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<Array>().into(),
        Value::Object(fields) => {
            let object = Object::new();
            for (name, field) in fields {
                // Setting a property on a fresh plain object cannot fail.
                let _ = Reflect::set(&object, &JsValue::from_str(name), &to_js(field));
            }
            object.into()
        }
    }
}

/// A core error as a JS `Error`.
pub fn js_error(error: ConfigError) -> JsError {
    JsError::new(&error.message)
}
