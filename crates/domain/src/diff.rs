//! A line diff between two revisions of a document: the longest common subsequence of lines,
//! after trimming the common head and tail (edits are usually local, so the table stays small).

/// What happened to one line going from the old text to the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DiffLine {
    pub op: DiffOp,
    pub text: String,
}

/// Above this many table cells (old lines × new lines, after trimming) the diff gives up on
/// finding the smallest change and shows the middle as removed then added: still correct, and it
/// keeps a 64 KiB rewrite from allocating hundreds of megabytes.
pub const MAX_TABLE_CELLS: usize = 4_000_000;

/// The lines of `old` and `new` as same/removed/added, in order; removals come before the
/// additions that replace them.
pub fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);

    let line = |op, text: &str| DiffLine {
        op,
        text: text.to_string(),
    };
    let mut out: Vec<DiffLine> = a[..head].iter().map(|l| line(DiffOp::Same, l)).collect();
    let (n, m) = (am.len(), bm.len());
    if n.saturating_mul(m) > MAX_TABLE_CELLS {
        out.extend(am.iter().map(|l| line(DiffOp::Removed, l)));
        out.extend(bm.iter().map(|l| line(DiffOp::Added, l)));
    } else {
        // lcs[i * (m + 1) + j]: length of the LCS of am[i..] and bm[j..].
        let w = m + 1;
        let mut lcs = vec![0u32; (n + 1) * w];
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[i * w + j] = if am[i] == bm[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                out.push(line(DiffOp::Same, am[i]));
                i += 1;
                j += 1;
            } else if j == m || (i < n && lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) {
                out.push(line(DiffOp::Removed, am[i]));
                i += 1;
            } else {
                out.push(line(DiffOp::Added, bm[j]));
                j += 1;
            }
        }
    }
    out.extend(a[a.len() - tail..].iter().map(|l| line(DiffOp::Same, l)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ops(d: &[DiffLine]) -> String {
        d.iter()
            .map(|l| match l.op {
                DiffOp::Same => format!(" {}", l.text),
                DiffOp::Added => format!("+{}", l.text),
                DiffOp::Removed => format!("-{}", l.text),
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    #[test]
    fn one_changed_line() {
        let d = line_diff("a\nb\nc", "a\nB\nc");
        assert_eq!(ops(&d), " a|-b|+B| c");
    }

    #[test]
    fn insert_and_delete() {
        assert_eq!(ops(&line_diff("a\nc", "a\nb\nc")), " a|+b| c");
        assert_eq!(ops(&line_diff("a\nb\nc", "a\nc")), " a|-b| c");
        assert_eq!(ops(&line_diff("", "x")), "+x");
        assert_eq!(ops(&line_diff("x", "")), "-x");
        assert_eq!(ops(&line_diff("same", "same")), " same");
    }

    #[test]
    fn minimal_in_the_middle() {
        let d = line_diff("1\nx\ny\nz\n2", "1\ny\nq\nz\n2");
        assert_eq!(ops(&d), " 1|-x| y|+q| z| 2");
    }

    #[test]
    fn huge_rewrites_fall_back_to_remove_then_add() {
        let old: String = (0..3000).map(|i| format!("o{i}\n")).collect();
        let new: String = (0..3000).map(|i| format!("n{i}\n")).collect();
        let d = line_diff(&old, &new);
        assert_eq!(d.len(), 6000);
        assert!(d[..3000].iter().all(|l| l.op == DiffOp::Removed));
    }

    proptest! {
        /// Replaying the diff gives back both texts.
        #[test]
        fn diff_reconstructs_both_sides(
            a in proptest::collection::vec("[abc]", 0..12),
            b in proptest::collection::vec("[abc]", 0..12),
        ) {
            let (old, new) = (a.join("\n"), b.join("\n"));
            let d = line_diff(&old, &new);
            let back_old: Vec<&str> = d.iter().filter(|l| l.op != DiffOp::Added).map(|l| l.text.as_str()).collect();
            let back_new: Vec<&str> = d.iter().filter(|l| l.op != DiffOp::Removed).map(|l| l.text.as_str()).collect();
            prop_assert_eq!(back_old, old.lines().collect::<Vec<_>>());
            prop_assert_eq!(back_new, new.lines().collect::<Vec<_>>());
        }
    }
}
