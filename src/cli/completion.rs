//! Shell completion scripts (the files in `completions/`): clap's, for the
//! commands and options, with what clap cannot know added for each shell —
//! set names from the kernel (`wiset list -n`, quietly: nothing, and no
//! error, where the user may not list sets), set types after `create SET`,
//! each type's create options after the type, `-o` formats and the network
//! namespaces in `/run/netns` for `--netns`.

use clap::CommandFactory;
use clap_complete::Shell;
use wiset::set::SetType;

use super::args::Cli;

/// Commands whose positional arguments name existing sets, and which of
/// them do (bash's `cmd:N` patterns, N counting positionals from 0).
const SET_POSITIONS: &str = "add:0|del:0|test:0|destroy:0|list:0|save:0|flush:0|rename:0|swap:[01]|replace:0|alter:0|metrics:*|translate:*|find:[1-9]*";

/// Options that take a value (skipped when counting positionals).
const VALUED: &str = "-o|--output|--netns|-f|--file|--wait|--wait-lock|--wait-busy|--min-entries|--max-shrink|--max-entries|--write|--create|--from|--table|--family";

/// The `-o` formats.
const FORMATS: &str = "plain save xml json table";

/// The completion script for `shell`.
pub fn script(shell: Shell) -> String {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "wiset", &mut out);
    let clap = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => format!("{clap}\n{}", bash()),
        Shell::Zsh => zsh(&clap),
        Shell::Fish => format!("{clap}\n{}", fish()),
        _ => clap,
    }
}

fn type_names() -> String {
    SetType::ALL.map(SetType::name).join(" ")
}

/// `TYPE) words;;` lines: each type's create options.
fn options_by_type(indent: &str) -> String {
    SetType::ALL
        .iter()
        .map(|t| {
            let words: Vec<&str> = t.create_options().iter().map(|o| o.keyword()).collect();
            format!("{indent}{}) opts=\"{}\" ;;\n", t.name(), words.join(" "))
        })
        .collect()
}

fn bash() -> String {
    format!(
        r#"# wiset: set names from the kernel, set types and their create options,
# output formats and network namespaces, then clap's completion. The words
# are taken from the line split at blanks only: set types hold colons,
# which bash splits words at.
_wiset_kernel() {{
    local line="${{COMP_LINE:0:COMP_POINT}}" words=() cur prev
    read -r -a words <<< "$line"
    [[ "$line" =~ [[:space:]]$ ]] && words+=("")
    cur="${{words[${{#words[@]}}-1]}}"
    prev="${{words[${{#words[@]}}-2]}}"
    local reply=() handled=1
    case "$prev" in
        -o|--output) reply=($(compgen -W "{FORMATS}" -- "$cur")) ;;
        --netns) reply=($(compgen -W "$(command ls /run/netns 2>/dev/null)" -- "$cur")) ;;
        -f|--file|--from|--write) reply=($(compgen -f -- "$cur")) ;;
        *) handled=0 ;;
    esac
    if [[ $handled -eq 0 && "$cur" != -* ]]; then
        local cmd="" n=0 i w type="" last=$((${{#words[@]}} - 1))
        for ((i = 1; i < last; i++)); do
            w="${{words[i]}}"
            case "$w" in
                {VALUED}) ((i++)); continue ;;
                -*) continue ;;
            esac
            if [[ -z "$cmd" ]]; then
                cmd="$w"
            else
                [[ "$cmd" == create && $n -eq 1 ]] && type="$w"
                ((n++))
            fi
        done
        handled=1
        case "$cmd:$n" in
            {SET_POSITIONS})
                reply=($(compgen -W "$(command wiset list -n 2>/dev/null)" -- "$cur")) ;;
            replace:1)
                reply=($(compgen -f -- "$cur")) ;;
            create:1)
                reply=($(compgen -W "{types}" -- "$cur")) ;;
            create:*)
                local opts=""
                case "$type" in
{by_type}                esac
                reply=($(compgen -W "$opts" -- "$cur")) ;;
            *) handled=0 ;;
        esac
    fi
    if [[ $handled -eq 0 ]]; then
        _wiset "$@"
        return
    fi
    # bash replaces only what follows the last colon of the word.
    if [[ "$cur" == *:* && "$COMP_WORDBREAKS" == *:* ]]; then
        local head="${{cur%"${{cur##*:}}"}}"
        reply=("${{reply[@]#"$head"}}")
    fi
    COMPREPLY=("${{reply[@]}}")
}}
complete -F _wiset_kernel -o bashdefault -o default wiset
"#,
        types = type_names(),
        by_type = options_by_type("                    "),
    )
}

fn zsh(clap: &str) -> String {
    let functions = format!(
        r#"
# wiset: set names from the kernel, set types, output formats, namespaces.
_wiset_sets() {{
    local -a sets
    sets=(${{(f)"$(command wiset list -n 2>/dev/null)"}})
    compadd -a sets
}}
_wiset_types() {{
    compadd -- {types}
}}
_wiset_formats() {{
    compadd -- {FORMATS}
}}
_wiset_netns() {{
    local -a names
    names=(/run/netns/*(N:t))
    compadd -a names
}}
"#,
        types = type_names()
    );
    let body = clap
        .replace(":setname:_default'", ":setname:_wiset_sets'")
        .replace(":from:_default'", ":from:_wiset_sets'")
        .replace(":to:_default'", ":to:_wiset_sets'")
        .replace(":sets:_default'", ":sets:_wiset_sets'")
        .replace(":typename:_default'", ":typename:_wiset_types'")
        .replace(":FORMAT:_default'", ":FORMAT:_wiset_formats'")
        .replace(":NAME:_default'", ":NAME:_wiset_netns'");
    match body.split_once("autoload -U is-at-least\n") {
        Some((head, rest)) => format!("{head}autoload -U is-at-least\n{functions}{rest}"),
        None => format!("{body}{functions}"),
    }
}

fn fish() -> String {
    let set_commands =
        "add del test destroy list save flush rename swap replace alter metrics translate find";
    let mut out = format!(
        "# wiset: set names from the kernel, set types, output formats, namespaces.\n\
         complete -c wiset -n \"__fish_seen_subcommand_from {set_commands}\" -f -a \"(command wiset list -n 2>/dev/null)\"\n\
         complete -c wiset -n \"__fish_seen_subcommand_from create\" -f -a \"{types}\"\n\
         complete -c wiset -s o -l output -x -a \"{FORMATS}\"\n\
         complete -c wiset -l netns -x -a \"(command ls /run/netns 2>/dev/null)\"\n",
        types = type_names()
    );
    for t in SetType::ALL {
        let words: Vec<&str> = t.create_options().iter().map(|o| o.keyword()).collect();
        out.push_str(&format!(
            "complete -c wiset -n \"__fish_seen_subcommand_from create; and contains -- {} (commandline -opc)\" -f -a \"{}\"\n",
            t.name(),
            words.join(" ")
        ));
    }
    out
}
