//! Byte offsets to 1-based line and column, built only when first needed.

use std::cell::OnceCell;

pub(crate) struct LineIndex<'s> {
    src: &'s str,
    starts: OnceCell<Vec<usize>>,
}

impl<'s> LineIndex<'s> {
    pub fn new(src: &'s str) -> Self {
        LineIndex {
            src,
            starts: OnceCell::new(),
        }
    }

    /// Line and column (in characters) of a byte offset.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', self.src.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let offset = offset.min(self.src.len());
        let line = starts.partition_point(|&s| s <= offset);
        let start = starts[line - 1];
        let column = self
            .src
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_lines_and_char_columns() {
        let index = LineIndex::new("ab\nÖc\n\nx");
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate(3), (2, 1));
        assert_eq!(index.locate(5), (2, 2)); // after the two-byte Ö
        assert_eq!(index.locate(7), (3, 1));
        assert_eq!(index.locate(8), (4, 1));
        assert_eq!(index.locate(99), (4, 2));
    }
}
