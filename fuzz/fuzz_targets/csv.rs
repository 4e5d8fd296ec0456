//! Any bytes as CSV: every non-empty line is accounted for, every point is
//! finite, every bad line has a number and a reason.
#![no_main]

use gradient_descent_lab::csv::read_csv;
use gradient_descent_lab::data::Problem;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for problem in [Problem::Regression, Problem::Classification] {
        let import = read_csv(&text, problem);
        let lines = text
            .split('\n')
            .filter(|l| !l.trim_end_matches('\r').trim().is_empty())
            .count();
        let header = usize::from(import.header.is_some());
        assert_eq!(
            import.points.len() + import.errors.len() + header + import.skipped,
            lines
        );
        assert!(
            import
                .points
                .iter()
                .all(|(x, y)| x.is_finite() && y.is_finite())
        );
        assert!(
            import
                .errors
                .iter()
                .all(|(line, reason)| *line > 0 && !reason.is_empty())
        );
    }
});
