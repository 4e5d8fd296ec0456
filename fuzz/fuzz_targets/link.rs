//! Any string as a link's query: it reads to a config the lab accepts, and
//! the lab built from it stays finite.
#![no_main]

use gradient_descent_lab::config::{Config, DataSource};
use gradient_descent_lab::lab::Lab;
use gradient_descent_lab::link::read_query;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let link = read_query(&query);
    let mut config =
        Config::from_value(&link.config).expect("a link always reads to a valid config");
    if let DataSource::Generated(spec) = &mut config.data {
        spec.n = spec.n.min(500);
    }
    let mut lab = Lab::new(config);
    lab.step(link.steps.min(100));
    let st = lab.state();
    assert!(
        st.w.is_finite() && st.b.is_finite() && st.loss.is_finite(),
        "{st:?}"
    );
});
