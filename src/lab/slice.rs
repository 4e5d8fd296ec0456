//! The loss along the valley's steepest direction: a straight line through
//! the floor (the optimum, or the start where there is none) along the
//! eigenvector of the Hessian's largest curvature `λ`. On it the loss of
//! regression is the parabola `L* + ½·λ·s²`, and plain gradient descent
//! multiplies the distance `s` to the floor by `1 − η·λ` at each step: a
//! rate above `2/λ` lands farther out every time.

use crate::lab::Lab;
use crate::lab::optimum::eigen;

/// The line: where it crosses the floor, its direction and its curvature.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slice {
    pub centre: (f64, f64),
    pub direction: (f64, f64),
    pub curvature: f64,
    /// The loss at the centre.
    pub floor: f64,
}

impl Slice {
    pub fn of(lab: &Lab) -> Slice {
        let (curvature, _, direction) = eigen(lab.curvature());
        let start = lab.trainer().start();
        let (centre, floor) = lab
            .optimum()
            .map_or(((start.w(), start.b()), start.loss), |o| {
                ((o.w, o.b), o.loss)
            });
        Slice {
            centre,
            direction,
            curvature,
            floor,
        }
    }

    /// The signed distance from the floor along the line of the point of it
    /// nearest to `(w, b)`.
    pub fn along(&self, (w, b): (f64, f64)) -> f64 {
        (w - self.centre.0) * self.direction.0 + (b - self.centre.1) * self.direction.1
    }

    /// The point of the line at distance `s` from the floor.
    pub fn at(&self, s: f64) -> (f64, f64) {
        (
            self.centre.0 + s * self.direction.0,
            self.centre.1 + s * self.direction.1,
        )
    }
}
