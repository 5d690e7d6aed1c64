//! Deferred construction of a subcommand's arguments.
//!
//! clap's derive builds every subcommand's arguments, help text included, before it parses
//! anything, and drops them all afterwards: for netcalc's fifteen commands that was a third of
//! the instructions of `netcalc info 172.16.10.1/24`. [`Deferred`] hands clap a function
//! instead ([`clap::Command::defer`]), which clap calls only for the subcommand that is run, or
//! for every one when it needs the whole tree (`--help`, completions, man pages).

use std::ops::Deref;

use clap::{ArgMatches, Args, Command, FromArgMatches};

/// A subcommand's arguments `T`, built by clap only when that subcommand is used.
///
/// Reads as `T` through [`Deref`]; parsing is `T`'s own.
///
/// Used as `SameSubnet(Deferred<SameSubnetArgs>)` in a `#[derive(Subcommand)]` enum; the unit
/// test below shows it whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred<T>(pub T);

impl<T> Deref for Deferred<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: FromArgMatches> FromArgMatches for Deferred<T> {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Deferred)
    }

    fn from_arg_matches_mut(matches: &mut ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Deferred)
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(&mut self, matches: &mut ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Deferred<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: Command) -> Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args_for_update))
    }
}

/// Runs `augment` on `cmd` but keeps the about texts `cmd` already has: the derive sets the
/// subcommand's own (from its enum variant) before the deferred arguments arrive, and the
/// arguments struct's doc comment must not replace it.
fn keep_about(cmd: Command, augment: fn(Command) -> Command) -> Command {
    let (about, long_about) = (cmd.get_about().cloned(), cmd.get_long_about().cloned());
    let cmd = augment(cmd);
    if about.is_none() && long_about.is_none() {
        return cmd;
    }
    let cmd = match about {
        Some(a) => cmd.about(a),
        None => cmd.about(None::<&str>),
    };
    match long_about {
        Some(a) => cmd.long_about(a),
        None => cmd.long_about(None::<&str>),
    }
}

#[cfg(test)]
mod tests {
    use super::Deferred;

    #[test]
    fn parses_a_deferred_subcommand() {
        use clap::{Args, Parser, Subcommand};

        #[derive(Parser)]
        struct Cli {
            #[command(subcommand)]
            command: Cmd,
        }
        #[derive(Subcommand)]
        enum Cmd {
            Greet(Deferred<GreetArgs>),
        }
        #[derive(Args)]
        struct GreetArgs {
            #[arg(long)]
            name: String,
        }

        let cli = Cli::parse_from(["prog", "greet", "--name", "ada"]);
        let Cmd::Greet(args) = cli.command;
        assert_eq!(args.name, "ada");
    }
}
