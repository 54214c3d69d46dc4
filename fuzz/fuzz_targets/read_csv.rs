//! The CSV reader never panics, and what it accepts writes back and reads
//! again as the same events.
#![no_main]

use currents::formats::CsvReader;
use currents::formats::{CsvWriter, Writer};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let events: Vec<_> = CsvReader::new(data, None).filter_map(Result::ok).collect();
    let mut out = Vec::new();
    {
        let mut writer = CsvWriter::new(&mut out);
        events.iter().for_each(|e| writer.write_event(e).unwrap());
        writer.finish().unwrap();
    }
    let again: Vec<_> = CsvReader::new(out.as_slice(), None).collect::<Result<_, _>>().unwrap();
    assert_eq!(again, events);
});
