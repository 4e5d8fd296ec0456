//! A JSON-like value: what a config is read from, whether it came from a JS
//! object, a link or a test.

use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    /// Fields in the order given.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The field `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Object(fields) => fields.iter().find(|(k, _)| k == name).map(|(_, v)| v),
            _ => None,
        }
    }

    /// An object built from `(name, value)` pairs.
    pub fn object<const N: usize>(fields: [(&str, Value); N]) -> Value {
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    /// `self` with the fields of `patch` written over it (both objects).
    pub fn merged(&self, patch: &Value) -> Value {
        match (self, patch) {
            (Value::Object(base), Value::Object(changes)) => {
                let mut fields = base.clone();
                for (name, value) in changes {
                    match fields.iter_mut().find(|(k, _)| k == name) {
                        Some(field) => field.1 = value.clone(),
                        None => fields.push((name.clone(), value.clone())),
                    }
                }
                Value::Object(fields)
            }
            _ => patch.clone(),
        }
    }

    /// A short description for error messages: the value itself when small,
    /// its kind otherwise.
    pub fn describe(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) if s.chars().count() <= 40 => format!("\"{s}\""),
            Value::String(_) => "a long string".into(),
            Value::Array(items) => format!("an array of {} items", items.len()),
            Value::Object(_) => "an object".into(),
        }
    }
}

/// A number as people write it, to 15 significant digits (what a double
/// holds for sure): `NaN`, `Infinity`, `0.1`, `1e300`.
pub fn format_number(n: f64) -> String {
    crate::io::number::significant(n, 15)
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Conversion into a [`Value`]: how snapshots become plain JS objects.
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
}

impl ToValue for u64 {
    fn to_value(&self) -> Value {
        Value::Number(*self as f64)
    }
}

impl ToValue for usize {
    fn to_value(&self) -> Value {
        Value::Number(*self as f64)
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for &str {
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value {
        Value::Array(self.iter().map(ToValue::to_value).collect())
    }
}

/// An object value from `"name" => value` pairs of [`ToValue`]s.
#[macro_export]
macro_rules! object {
    ($($name:literal => $value:expr),* $(,)?) => {
        $crate::io::value::Value::Object(vec![
            $(($name.to_string(), $crate::io::value::ToValue::to_value(&$value))),*
        ])
    };
}
