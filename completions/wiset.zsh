#compdef wiset

autoload -U is-at-least

# wiset: set names from the kernel, set types, output formats, namespaces.
_wiset_sets() {
    local -a sets
    sets=(${(f)"$(command wiset list -n 2>/dev/null)"})
    compadd -a sets
}
_wiset_types() {
    compadd -- bitmap:ip bitmap:ip,mac bitmap:port hash:ip hash:mac hash:ip,mac hash:ip,mark hash:ip,port hash:ip,port,ip hash:ip,port,net hash:net hash:net,net hash:net,port hash:net,port,net hash:net,iface list:set
}
_wiset_formats() {
    compadd -- plain save xml json table
}
_wiset_netns() {
    local -a names
    names=(/run/netns/*(N:t))
    compadd -a names
}

_wiset() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'-f+[Write the output to FILE]:FILE:_default' \
'--file=[Write the output to FILE]:FILE:_default' \
'--color=[Colour in tables\: auto (on a terminal, unless NO_COLOR is set), always or never]:WHEN:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'-r[List addresses by host name]' \
'--resolve[List addresses by host name]' \
'-s[List the members of hash sets sorted]' \
'--sorted[List the members of hash sets sorted]' \
'-n[List set names only]' \
'--name[List set names only]' \
'-t[List set headers only]' \
'--terse[List set headers only]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_wiset_commands" \
"*::: :->wiset" \
&& ret=0
    case $state in
    (wiset)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:wiset-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname:_wiset_sets' \
':typename:_wiset_types' \
'*::options:_default' \
&& ret=0
;;
(add)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname:_wiset_sets' \
':entry:_default' \
'*::options:_default' \
&& ret=0
;;
(del)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname:_wiset_sets' \
':entry:_default' \
'*::options:_default' \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
'()--from=[Test every entry of FILE ('\''-'\'' for stdin), print those in the set]:FILE:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname:_wiset_sets' \
'::entry:_default' \
'*::options:_default' \
&& ret=0
;;
(destroy)
_arguments "${_arguments_options[@]}" : \
'--wait=[Retry for up to SECONDS while the kernel says the set is in use (it frees a rule'\''s reference a moment after the rule goes)]:SECONDS:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::setname:_wiset_sets' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'-f+[Write the output to FILE]:FILE:_default' \
'--file=[Write the output to FILE]:FILE:_default' \
'--color=[Colour in tables\: auto (on a terminal, unless NO_COLOR is set), always or never]:WHEN:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-r[List addresses by host name]' \
'--resolve[List addresses by host name]' \
'-s[List the members of hash sets sorted]' \
'--sorted[List the members of hash sets sorted]' \
'-n[List set names only]' \
'--name[List set names only]' \
'-t[List set headers only]' \
'--terse[List set headers only]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::setname:_wiset_sets' \
&& ret=0
;;
(save)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'-f+[Write the output to FILE]:FILE:_default' \
'--file=[Write the output to FILE]:FILE:_default' \
'--color=[Colour in tables\: auto (on a terminal, unless NO_COLOR is set), always or never]:WHEN:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-r[List addresses by host name]' \
'--resolve[List addresses by host name]' \
'-s[List the members of hash sets sorted]' \
'--sorted[List the members of hash sets sorted]' \
'-n[List set names only]' \
'--name[List set names only]' \
'-t[List set headers only]' \
'--terse[List set headers only]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::setname:_wiset_sets' \
&& ret=0
;;
(restore)
_arguments "${_arguments_options[@]}" : \
'-f+[Read the input from FILE instead of standard input]:FILE:_default' \
'--file=[Read the input from FILE instead of standard input]:FILE:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--exist[Ignore errors when the set or entry already exists / does not exist (\`-!\`)]' \
'--atomic[All or nothing\: build every set the input creates or changes as a temp set, and swap them in only once every line was accepted]' \
'--check[Check every line against the kernel'\''s set types and the sets'\'' definitions, and change nothing\: exit 0, or 1 naming the bad line (with --atomic\: as an atomic restore would take the input)]' \
'--all-errors[With --check\: name every bad line, not only the first]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(flush)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::setname:_wiset_sets' \
&& ret=0
;;
(rename)
_arguments "${_arguments_options[@]}" : \
'--wait=[Retry for up to SECONDS while the kernel says the set is in use]:SECONDS:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':from:_wiset_sets' \
':to:_wiset_sets' \
&& ret=0
;;
(swap)
_arguments "${_arguments_options[@]}" : \
'--wait=[Retry for up to SECONDS while the kernel says a set is busy]:SECONDS:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':from:_wiset_sets' \
':to:_wiset_sets' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::typename:_wiset_types' \
'*::ignored -- ipset ignores anything after the type name:_default' \
&& ret=0
;;
(version)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::ignored -- ipset ignores anything after `version`:_default' \
&& ret=0
;;
(replace)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'*--create=[Create the set if it does not exist\: --create TYPE \[CREATE-OPTIONS...\]]:TYPE [OPTIONS]:_default' \
'--min-entries=[Refuse an input with fewer than N entries (as the kernel stores them)]:N:_default' \
'--max-shrink=[Refuse an input that would shrink the set by more than PERCENT (0-100)]:PERCENT:_default' \
'--wait-lock=[Wait up to SECONDS for another replace of the set to finish (0\: do not wait)]:SECONDS:_default' \
'--wait-busy=[Retry up to SECONDS while the kernel calls the set busy (being listed)]:SECONDS:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'--skip-invalid[Skip invalid lines with a warning instead of stopping]' \
'--grow[Raise maxelem when the input holds more entries than the set may]' \
'--diff[Change only what differs, in place\: entries that stay keep their counters and timeouts]' \
'--dry-run[With --diff\: print the plan and change nothing]' \
'--allow-empty[Accept an input with no entries (which empties the set); refused otherwise]' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname -- The set to replace:_default' \
'::file -- Input\: one entry per line with optional add options; '\''-'\'' or absent for stdin:_default' \
&& ret=0
;;
(info)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(alter)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':setname:_wiset_sets' \
'*::options:_default' \
&& ret=0
;;
(translate)
_arguments "${_arguments_options[@]}" : \
'--table=[The nft table the sets go into (made if missing)]:NAME:_wiset_netns' \
'--family=[The table'\''s family]:FAMILY:(inet ip ip6)' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::sets -- Only these sets:_default' \
&& ret=0
;;
(ipset-translate)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::args -- ipset-translate'\''s command line (`restore`, `-file FILE restore`):_default' \
&& ret=0
;;
(metrics)
_arguments "${_arguments_options[@]}" : \
'--max-entries=[Export the counters of each entry only for sets of at most N entries]:N:_default' \
'--write=[Write FILE (through a temp file renamed into place, so that a collector never reads half of it) instead of standard output]:FILE:_default' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'*::sets -- Only these sets:_default' \
&& ret=0
;;
(find)
_arguments "${_arguments_options[@]}" : \
'-o+[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--output=[Output format\: plain, save, xml, json or table]:FORMAT:_wiset_formats' \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':address -- An IPv4 or IPv6 address:_default' \
'*::sets -- Look only in these sets:_default' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'--netns=[Operate inside the network namespace /run/netns/NAME (as \`ip -n\`)]:NAME:_wiset_netns' \
'-q[Suppress messages (exit codes are kept)]' \
'--quiet[Suppress messages (exit codes are kept)]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
        esac
    ;;
esac
}

(( $+functions[_wiset_commands] )) ||
_wiset_commands() {
    local commands; commands=(
'create:Create a set\: create SETNAME TYPENAME \[CREATE-OPTIONS\]  (aliases\: n, new, -N)' \
'add:Add an entry\: add SETNAME ENTRY \[ADD-OPTIONS\]  (-A)' \
'del:Delete an entry\: del SETNAME ENTRY  (-D)' \
'test:Test an entry (exit 0 if in the set, 1 if not), or many with --from  (-T)' \
'destroy:Destroy a set, or all sets  (x, -X)' \
'list:List a set, or all sets  (-L)' \
'save:Save a set, or all sets, as restore input  (-S)' \
'restore:Restore sets from \`ipset save\` output on stdin (or --file)  (-R)' \
'flush:Remove all entries of a set, or of all sets  (-F)' \
'rename:Rename a set  (e, -E)' \
'swap:Swap the contents of two sets  (w, -W)' \
'help:Show help, or the options of a set type  (-h, -H)' \
'version:Show the program and kernel protocol version  (-v, -V)' \
'replace:Atomically replace a set'\''s content with the entries of FILE (or stdin)' \
'info:What the kernel'\''s ip_set speaks\: its protocol, and every set type with the revisions the kernel and wiset know' \
'alter:Change a live set'\''s create options (maxelem, hashsize, timeout, counters, comment, skbinfo, forceadd, ...; nocounters, nocomment, noskbinfo, noforceadd, notimeout drop one), keeping every entry with its counters, timeout and comment' \
'translate:The sets (all, or those named) with their entries as one nft script that \`nft -f\` loads in one transaction and that matches what the sets match; with -f FILE, the sets of a save file instead (read through a private scratch kernel namespace, as the kernel holds them)' \
'ipset-translate:ipset 7.17'\''s ipset-translate\: each line of a restore file as the nft command ipset-translate prints for it (as wiset installed under the name ipset-translate does)' \
'metrics:Prometheus text exposition of the sets (all, or those named)\: per set its entries, maxelem, memory and references, and per entry its packet and byte counters where the set has counters' \
'find:Which sets hold ADDRESS (all sets, or those named), and the entries that cover it; exit 0 if a set matches it (or may\: where a port or an interface decides), 1 if none does' \
'completions:Print a shell completion script' \
'man:Print the man page (roff)' \
    )
    _describe -t commands 'wiset commands' commands "$@"
}
(( $+functions[_wiset__subcmd__add_commands] )) ||
_wiset__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'wiset add commands' commands "$@"
}
(( $+functions[_wiset__subcmd__alter_commands] )) ||
_wiset__subcmd__alter_commands() {
    local commands; commands=()
    _describe -t commands 'wiset alter commands' commands "$@"
}
(( $+functions[_wiset__subcmd__completions_commands] )) ||
_wiset__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'wiset completions commands' commands "$@"
}
(( $+functions[_wiset__subcmd__create_commands] )) ||
_wiset__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'wiset create commands' commands "$@"
}
(( $+functions[_wiset__subcmd__del_commands] )) ||
_wiset__subcmd__del_commands() {
    local commands; commands=()
    _describe -t commands 'wiset del commands' commands "$@"
}
(( $+functions[_wiset__subcmd__destroy_commands] )) ||
_wiset__subcmd__destroy_commands() {
    local commands; commands=()
    _describe -t commands 'wiset destroy commands' commands "$@"
}
(( $+functions[_wiset__subcmd__find_commands] )) ||
_wiset__subcmd__find_commands() {
    local commands; commands=()
    _describe -t commands 'wiset find commands' commands "$@"
}
(( $+functions[_wiset__subcmd__flush_commands] )) ||
_wiset__subcmd__flush_commands() {
    local commands; commands=()
    _describe -t commands 'wiset flush commands' commands "$@"
}
(( $+functions[_wiset__subcmd__help_commands] )) ||
_wiset__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'wiset help commands' commands "$@"
}
(( $+functions[_wiset__subcmd__info_commands] )) ||
_wiset__subcmd__info_commands() {
    local commands; commands=()
    _describe -t commands 'wiset info commands' commands "$@"
}
(( $+functions[_wiset__subcmd__ipset-translate_commands] )) ||
_wiset__subcmd__ipset-translate_commands() {
    local commands; commands=()
    _describe -t commands 'wiset ipset-translate commands' commands "$@"
}
(( $+functions[_wiset__subcmd__list_commands] )) ||
_wiset__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'wiset list commands' commands "$@"
}
(( $+functions[_wiset__subcmd__man_commands] )) ||
_wiset__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'wiset man commands' commands "$@"
}
(( $+functions[_wiset__subcmd__metrics_commands] )) ||
_wiset__subcmd__metrics_commands() {
    local commands; commands=()
    _describe -t commands 'wiset metrics commands' commands "$@"
}
(( $+functions[_wiset__subcmd__rename_commands] )) ||
_wiset__subcmd__rename_commands() {
    local commands; commands=()
    _describe -t commands 'wiset rename commands' commands "$@"
}
(( $+functions[_wiset__subcmd__replace_commands] )) ||
_wiset__subcmd__replace_commands() {
    local commands; commands=()
    _describe -t commands 'wiset replace commands' commands "$@"
}
(( $+functions[_wiset__subcmd__restore_commands] )) ||
_wiset__subcmd__restore_commands() {
    local commands; commands=()
    _describe -t commands 'wiset restore commands' commands "$@"
}
(( $+functions[_wiset__subcmd__save_commands] )) ||
_wiset__subcmd__save_commands() {
    local commands; commands=()
    _describe -t commands 'wiset save commands' commands "$@"
}
(( $+functions[_wiset__subcmd__swap_commands] )) ||
_wiset__subcmd__swap_commands() {
    local commands; commands=()
    _describe -t commands 'wiset swap commands' commands "$@"
}
(( $+functions[_wiset__subcmd__test_commands] )) ||
_wiset__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'wiset test commands' commands "$@"
}
(( $+functions[_wiset__subcmd__translate_commands] )) ||
_wiset__subcmd__translate_commands() {
    local commands; commands=()
    _describe -t commands 'wiset translate commands' commands "$@"
}
(( $+functions[_wiset__subcmd__version_commands] )) ||
_wiset__subcmd__version_commands() {
    local commands; commands=()
    _describe -t commands 'wiset version commands' commands "$@"
}

if [ "$funcstack[1]" = "_wiset" ]; then
    _wiset "$@"
else
    compdef _wiset wiset
fi
