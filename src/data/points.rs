//! Points: one `(x, y)`, and a lab's points as two columns.

/// One data point. For classification `y` is the label, 0 or 1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// The points of a lab, stored as two columns (the training loop reads them
/// in order, two at a time).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Data {
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
}

impl Data {
    pub fn from_points(points: &[Point]) -> Data {
        Data {
            xs: points.iter().map(|p| p.x).collect(),
            ys: points.iter().map(|p| p.y).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.xs.len()
    }

    /// The mean and the spread (standard deviation) of x; a spread of 0
    /// (every x equal) counts as 1.
    pub fn x_moments(&self) -> (f64, f64) {
        let n = self.len().max(1) as f64;
        let mean = self.xs.iter().sum::<f64>() / n;
        let variance = self.xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        let spread = variance.sqrt();
        (
            mean,
            if spread > 0.0 && spread.is_finite() {
                spread
            } else {
                1.0
            },
        )
    }

    pub fn is_empty(&self) -> bool {
        self.xs.is_empty()
    }

    pub fn point(&self, index: usize) -> Point {
        Point {
            x: self.xs[index],
            y: self.ys[index],
        }
    }

    pub fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.xs.iter().zip(&self.ys).map(|(&x, &y)| Point { x, y })
    }

    pub fn push(&mut self, point: Point) {
        self.xs.push(point.x);
        self.ys.push(point.y);
    }

    pub fn remove(&mut self, index: usize) -> Point {
        Point {
            x: self.xs.remove(index),
            y: self.ys.remove(index),
        }
    }
}
