//! Which files a folder walk takes: the flags every command that walks
//! folders shares (`--exclude`, `--include`, `--no-ignore`, `--hidden`).

use crate::input::Selection;

/// The file-selection flags.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SelectArgs {
    /// Leave out files and folders matching GLOB (gitignore syntax, relative
    /// to the working directory; repeat for more), e.g. `--exclude 'drafts/'`.
    #[arg(long, value_name = "GLOB", value_parser = glob)]
    pub exclude: Vec<String>,
    /// Take only files matching GLOB (repeat for more), e.g. `--include 'news/2017/**'`.
    #[arg(long, value_name = "GLOB", value_parser = glob)]
    pub include: Vec<String>,
    /// Read no .gitignore, .ignore or .git/info/exclude files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Walk hidden files and folders (names starting with `.`) too.
    #[arg(long)]
    pub hidden: bool,
}

impl SelectArgs {
    /// The library's selection.
    pub fn selection(&self) -> Selection {
        Selection {
            exclude: self.exclude.clone(),
            include: self.include.clone(),
            no_ignore: self.no_ignore,
            hidden: self.hidden,
        }
    }
}

/// A glob the walk can use, or why not.
fn glob(text: &str) -> Result<String, String> {
    let mut selection = Selection::default();
    selection.exclude.push(text.to_string());
    selection.check().map_err(|e| e.to_string())?;
    Ok(text.to_string())
}
