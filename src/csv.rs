//! Bringing your own data: CSV out. (CSV in is text work for the page's
//! JavaScript, `www/csv.js`.)

use crate::data::{Point, Problem};
use crate::number::shortest;

/// Points as CSV with a header: `x,y` or `x,label`.
pub fn write_csv(points: &[Point], problem: Problem) -> String {
    let second = if problem == Problem::Classification {
        "label"
    } else {
        "y"
    };
    let mut out = format!("x,{second}\n");
    for p in points {
        out.push_str(&format!("{},{}\n", shortest(p.x), shortest(p.y)));
    }
    out
}
