//! Bringing your own data: CSV with or without a header, three separators,
//! every bad line reported by number with its reason, the good ones kept.

use gradient_descent_lab::csv::{MAX_ROWS, read_csv, write_csv};
use gradient_descent_lab::data::{Point, Problem};

#[test]
fn plain_rows_with_a_header_and_without() {
    let with = read_csv("x,y\n1,2\n3.5,-4e-2\n", Problem::Regression);
    assert_eq!(with.points, vec![(1.0, 2.0), (3.5, -0.04)]);
    assert_eq!(with.header, Some(vec!["x".to_string(), "y".to_string()]));
    assert!(with.errors.is_empty());
    let without = read_csv("1,2\r\n3.5,-4e-2\r\n\r\n", Problem::Regression);
    assert_eq!(without.points, with.points);
    assert_eq!(without.header, None);
    // Headers in other scripts, and with units, are headers too.
    let greek = read_csv("χ,ψ\n1,2\n", Problem::Regression);
    assert_eq!(greek.header, Some(vec!["χ".to_string(), "ψ".to_string()]));
    assert_eq!(greek.points, vec![(1.0, 2.0)]);
    let units = read_csv("Fläche (m²);Preis (€)\n50;1,5\n", Problem::Regression);
    assert!(units.header.is_some() && units.errors.is_empty());
    assert_eq!(units.points, vec![(50.0, 1.5)]);
}

#[test]
fn semicolons_with_decimal_commas_and_tabs() {
    let semicolons = read_csv("x;y\n1,5;2\n\"3\";\"-0,25\"\n", Problem::Regression);
    assert_eq!(semicolons.separator, ';');
    assert_eq!(semicolons.points, vec![(1.5, 2.0), (3.0, -0.25)]);
    let tabs = read_csv("height\tweight\n1.5\t60\n2\t70.5\n", Problem::Regression);
    assert_eq!(tabs.separator, '\t');
    assert_eq!(tabs.points, vec![(1.5, 60.0), (2.0, 70.5)]);
    // A trailing separator is not a column.
    assert_eq!(
        read_csv("1,2,\n", Problem::Regression).points,
        vec![(1.0, 2.0)]
    );
}

#[test]
fn every_bad_line_is_reported_by_number_with_its_reason() {
    let text = "x,label\n1,0\nabc,1\n2\n\n3,0.5\n4,1,9\n5,inf\n6,\n1e10,1\n7,1\n";
    let import = read_csv(text, Problem::Classification);
    assert_eq!(import.points, vec![(1.0, 0.0), (7.0, 1.0)]);
    let expected = [
        (3, "x is not a number: \"abc\""),
        (4, "missing column: expected x and label"),
        (6, "label is not 0 or 1: \"0.5\""),
        (7, "3 columns: expected 2 (x and label)"),
        (8, "label is not a finite number: \"inf\""),
        (9, "label is empty"),
        (10, "x is too large (at most 1e9 in size): \"1e10\""),
    ];
    assert_eq!(import.errors.len(), expected.len(), "{:?}", import.errors);
    for ((line, reason), (want_line, want)) in import.errors.iter().zip(expected) {
        assert_eq!((*line, reason.as_str()), (want_line, want));
    }
}

#[test]
fn script_in_a_cell_is_only_text() {
    let import = read_csv("1,<img src=x onerror=alert(1)>\n", Problem::Regression);
    assert!(
        import.errors[0].1 == "y is not a number: \"<img src=x onerror=alert…\"",
        "{:?}",
        import.errors
    );
}

#[test]
fn at_most_ten_thousand_rows() {
    let text: String = (0..MAX_ROWS + 25)
        .map(|i| format!("{i},{}\n", i % 2))
        .collect();
    let import = read_csv(&text, Problem::Classification);
    assert_eq!(import.points.len(), MAX_ROWS);
    assert_eq!(import.skipped, 25);
}

#[test]
fn data_written_as_csv_reads_back_the_same() {
    let points = [
        Point {
            x: 0.1,
            y: 1.0 / 3.0,
        },
        Point { x: -2e-7, y: 1e9 },
    ];
    let text = write_csv(&points, Problem::Regression);
    assert!(text.starts_with("x,y\n"));
    let back = read_csv(&text, Problem::Regression);
    assert_eq!(
        back.points,
        points.iter().map(|p| (p.x, p.y)).collect::<Vec<_>>()
    );
    assert!(write_csv(&points, Problem::Classification).starts_with("x,label\n"));
}
