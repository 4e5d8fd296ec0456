//! Bringing your own data: CSV in (`x,y` or `x,label`), CSV out.
//!
//! Reading never fails as a whole: every bad line is reported with its line
//! number and the reason, and the good lines are kept for the learner to use
//! or not.

use crate::config::MAX_COORDINATE;
use crate::data::{Point, Problem};
use crate::number::shortest;

/// The most data rows read from one file.
pub const MAX_ROWS: usize = 10_000;

/// What a CSV held.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvImport {
    /// The good rows, as `(x, y)`.
    pub points: Vec<(f64, f64)>,
    /// Each bad line: its number (from 1) and why it was left out.
    pub errors: Vec<(usize, String)>,
    /// The column names, when the first line was a header.
    pub header: Option<Vec<String>>,
    /// The separator found: `,`, `;` or a tab.
    pub separator: char,
    /// Rows past [`MAX_ROWS`] that were not read.
    pub skipped: usize,
}

/// Reads `x,y` (regression) or `x,label` (classification) rows, with or
/// without a header, separated by commas, semicolons or tabs. With
/// semicolons, a decimal comma is read too (`1,5` is 1.5).
pub fn read_csv(text: &str, problem: Problem) -> CsvImport {
    let lines: Vec<(usize, &str)> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let separator = match lines.first() {
        Some((_, first)) if first.contains('\t') => '\t',
        Some((_, first)) if first.contains(';') => ';',
        _ => ',',
    };
    let mut import = CsvImport {
        separator,
        ..CsvImport::default()
    };
    let second = if problem == Problem::Classification {
        "label"
    } else {
        "y"
    };
    for (index, &(number, line)) in lines.iter().enumerate() {
        let cells: Vec<&str> = line.split(separator).map(clean).collect();
        // A first line that is not two numbers, with letters in it, is a header.
        // (Any non-ASCII character counts as a letter: Unicode's table of
        // letters would cost the page several KB.)
        if index == 0
            && cells.iter().any(|c| {
                c.chars()
                    .any(|ch| ch.is_ascii_alphabetic() || !ch.is_ascii())
            })
            && read_number(cells.first().copied().unwrap_or(""), separator).is_err()
        {
            import.header = Some(cells.iter().map(|c| c.to_string()).collect());
            continue;
        }
        if import.points.len() + import.errors.len() >= MAX_ROWS {
            import.skipped += 1;
            continue;
        }
        match read_row(&cells, separator, problem, second) {
            Ok(point) => import.points.push(point),
            Err(reason) => import.errors.push((number, reason)),
        }
    }
    import
}

/// A cell without surrounding spaces or double quotes.
fn clean(cell: &str) -> &str {
    let cell = cell.trim();
    cell.strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .unwrap_or(cell)
        .trim()
}

fn read_row(
    cells: &[&str],
    separator: char,
    problem: Problem,
    second: &str,
) -> Result<(f64, f64), String> {
    // A trailing separator leaves an empty last cell: not a column.
    let cells: &[&str] = match cells {
        [rest @ .., ""] if cells.len() > 2 => rest,
        _ => cells,
    };
    match cells.len() {
        0 | 1 => return Err(format!("missing column: expected x and {second}")),
        2 => {}
        n => return Err(format!("{n} columns: expected 2 (x and {second})")),
    }
    let x = read_number(cells[0], separator).map_err(|e| format!("x {e}"))?;
    let y = read_number(cells[1], separator).map_err(|e| format!("{second} {e}"))?;
    if problem == Problem::Classification && y != 0.0 && y != 1.0 {
        return Err(format!("label is not 0 or 1: {}", quote(cells[1])));
    }
    Ok((x, y))
}

fn read_number(cell: &str, separator: char) -> Result<f64, String> {
    if cell.is_empty() {
        return Err("is empty".into());
    }
    let text = if separator == ';' {
        cell.replace(',', ".")
    } else {
        cell.to_string()
    };
    // Rust also reads "inf" and "NaN"; those are not data.
    let value =
        crate::decimal::parse(&text).ok_or_else(|| format!("is not a number: {}", quote(cell)))?;
    if !value.is_finite() {
        return Err(format!("is not a finite number: {}", quote(cell)));
    }
    if value.abs() > MAX_COORDINATE {
        return Err(format!(
            "is too large (at most 1e9 in size): {}",
            quote(cell)
        ));
    }
    Ok(value)
}

/// A cell for a message: quoted, and at most 24 characters.
fn quote(cell: &str) -> String {
    let short: String = cell.chars().take(24).collect();
    let more = if cell.chars().count() > 24 { "…" } else { "" };
    format!("\"{short}{more}\"")
}

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
