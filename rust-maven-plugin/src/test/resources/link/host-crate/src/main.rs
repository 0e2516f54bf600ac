//! An executable for `dev.rustmaven.link.HostLinkEndToEndTest`: prints what it was given, from a thread.

use std::collections::BTreeMap;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut lengths = BTreeMap::new();
    for arg in &args {
        *lengths.entry(arg.len()).or_insert(0) += 1;
    }
    let joined = std::thread::spawn(move || args.join("+")).join().expect("thread");
    println!("linked by the front end: {joined} ({} distinct lengths)", lengths.len());
}
