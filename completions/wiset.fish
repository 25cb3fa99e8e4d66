# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_wiset_global_optspecs
    string join \n exist o/output= r/resolve s/sorted n/name t/terse f/file= color= q/quiet netns= h/help V/version
end

function __fish_wiset_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_wiset_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_wiset_using_subcommand
    set -l cmd (__fish_wiset_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c wiset -n "__fish_wiset_needs_command" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_needs_command" -s f -l file -d 'Write the output to FILE' -r
complete -c wiset -n "__fish_wiset_needs_command" -l color -d 'Colour in tables: auto (on a terminal, unless NO_COLOR is set), always or never' -r
complete -c wiset -n "__fish_wiset_needs_command" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_needs_command" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_needs_command" -s r -l resolve -d 'List addresses by host name'
complete -c wiset -n "__fish_wiset_needs_command" -s s -l sorted -d 'List the members of hash sets sorted'
complete -c wiset -n "__fish_wiset_needs_command" -s n -l name -d 'List set names only'
complete -c wiset -n "__fish_wiset_needs_command" -s t -l terse -d 'List set headers only'
complete -c wiset -n "__fish_wiset_needs_command" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c wiset -n "__fish_wiset_needs_command" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "create" -d 'Create a set: create SETNAME TYPENAME [CREATE-OPTIONS]  (aliases: n, new, -N)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "add" -d 'Add an entry: add SETNAME ENTRY [ADD-OPTIONS]  (-A)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "del" -d 'Delete an entry: del SETNAME ENTRY  (-D)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "test" -d 'Test an entry (exit 0 if in the set, 1 if not), or many with --from  (-T)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "destroy" -d 'Destroy a set, or all sets  (x, -X)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "list" -d 'List a set, or all sets  (-L)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "save" -d 'Save a set, or all sets, as restore input  (-S)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "restore" -d 'Restore sets from `ipset save` output on stdin (or --file)  (-R)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "flush" -d 'Remove all entries of a set, or of all sets  (-F)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "rename" -d 'Rename a set  (e, -E)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "swap" -d 'Swap the contents of two sets  (w, -W)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "help" -d 'Show help, or the options of a set type  (-h, -H)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "version" -d 'Show the program and kernel protocol version  (-v, -V)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "replace" -d 'Atomically replace a set\'s content with the entries of FILE (or stdin)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "info" -d 'What the kernel\'s ip_set speaks: its protocol, and every set type with the revisions the kernel and wiset know'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "alter" -d 'Change a live set\'s create options (maxelem, hashsize, timeout, counters, comment, skbinfo, forceadd, ...; nocounters, nocomment, noskbinfo, noforceadd, notimeout drop one), keeping every entry with its counters, timeout and comment'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "translate" -d 'The sets (all, or those named) with their entries as one nft script that `nft -f` loads in one transaction and that matches what the sets match; with -f FILE, the sets of a save file instead (read through a private scratch kernel namespace, as the kernel holds them)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "ipset-translate" -d 'ipset 7.17\'s ipset-translate: each line of a restore file as the nft command ipset-translate prints for it (as wiset installed under the name ipset-translate does)'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "metrics" -d 'Prometheus text exposition of the sets (all, or those named): per set its entries, maxelem, memory and references, and per entry its packet and byte counters where the set has counters'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "find" -d 'Which sets hold ADDRESS (all sets, or those named), and the entries that cover it; exit 0 if a set matches it (or may: where a port or an interface decides), 1 if none does'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c wiset -n "__fish_wiset_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c wiset -n "__fish_wiset_using_subcommand create" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand create" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_using_subcommand create" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand create" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand create" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand add" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand add" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_using_subcommand add" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand add" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand add" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand del" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand del" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_using_subcommand del" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand del" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand del" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand test" -l from -d 'Test every entry of FILE (\'-\' for stdin), print those in the set' -r
complete -c wiset -n "__fish_wiset_using_subcommand test" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand test" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand test" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand test" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -l wait -d 'Retry for up to SECONDS while the kernel says the set is in use (it frees a rule\'s reference a moment after the rule goes)' -r
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand destroy" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_using_subcommand list" -s f -l file -d 'Write the output to FILE' -r
complete -c wiset -n "__fish_wiset_using_subcommand list" -l color -d 'Colour in tables: auto (on a terminal, unless NO_COLOR is set), always or never' -r
complete -c wiset -n "__fish_wiset_using_subcommand list" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand list" -s r -l resolve -d 'List addresses by host name'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s s -l sorted -d 'List the members of hash sets sorted'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s n -l name -d 'List set names only'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s t -l terse -d 'List set headers only'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand list" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_using_subcommand save" -s f -l file -d 'Write the output to FILE' -r
complete -c wiset -n "__fish_wiset_using_subcommand save" -l color -d 'Colour in tables: auto (on a terminal, unless NO_COLOR is set), always or never' -r
complete -c wiset -n "__fish_wiset_using_subcommand save" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand save" -s r -l resolve -d 'List addresses by host name'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s s -l sorted -d 'List the members of hash sets sorted'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s n -l name -d 'List set names only'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s t -l terse -d 'List set headers only'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand save" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -s f -l file -d 'Read the input from FILE instead of standard input' -r
complete -c wiset -n "__fish_wiset_using_subcommand restore" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand restore" -l exist -d 'Ignore errors when the set or entry already exists / does not exist (`-!`)'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -l atomic -d 'All or nothing: build every set the input creates or changes as a temp set, and swap them in only once every line was accepted'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -l check -d 'Check every line against the kernel\'s set types and the sets\' definitions, and change nothing: exit 0, or 1 naming the bad line (with --atomic: as an atomic restore would take the input)'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -l all-errors -d 'With --check: name every bad line, not only the first'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand restore" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand flush" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand flush" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand flush" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand flush" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand rename" -l wait -d 'Retry for up to SECONDS while the kernel says the set is in use' -r
complete -c wiset -n "__fish_wiset_using_subcommand rename" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand rename" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand rename" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand rename" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand swap" -l wait -d 'Retry for up to SECONDS while the kernel says a set is busy' -r
complete -c wiset -n "__fish_wiset_using_subcommand swap" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand swap" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand swap" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand swap" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand help" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand help" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand help" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand help" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand version" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand version" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand version" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand version" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l create -d 'Create the set if it does not exist: --create TYPE [CREATE-OPTIONS...]' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l min-entries -d 'Refuse an input with fewer than N entries (as the kernel stores them)' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l max-shrink -d 'Refuse an input that would shrink the set by more than PERCENT (0-100)' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l wait-lock -d 'Wait up to SECONDS for another replace of the set to finish (0: do not wait)' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l wait-busy -d 'Retry up to SECONDS while the kernel calls the set busy (being listed)' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l skip-invalid -d 'Skip invalid lines with a warning instead of stopping'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l grow -d 'Raise maxelem when the input holds more entries than the set may'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l diff -d 'Change only what differs, in place: entries that stay keep their counters and timeouts'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l dry-run -d 'With --diff: print the plan and change nothing'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -l allow-empty -d 'Accept an input with no entries (which empties the set); refused otherwise'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand replace" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand info" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_using_subcommand info" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand info" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand info" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand info" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand alter" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand alter" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand alter" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand alter" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand translate" -l table -d 'The nft table the sets go into (made if missing)' -r
complete -c wiset -n "__fish_wiset_using_subcommand translate" -l family -d 'The table\'s family' -r -f -a "inet\t''
ip\t''
ip6\t''"
complete -c wiset -n "__fish_wiset_using_subcommand translate" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand translate" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand translate" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand translate" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand ipset-translate" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand ipset-translate" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand ipset-translate" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand ipset-translate" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -l max-entries -d 'Export the counters of each entry only for sets of at most N entries' -r
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -l write -d 'Write FILE (through a temp file renamed into place, so that a collector never reads half of it) instead of standard output' -r
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand metrics" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand find" -s o -l output -d 'Output format: plain, save, xml, json or table' -r
complete -c wiset -n "__fish_wiset_using_subcommand find" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand find" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand find" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand find" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand completions" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand completions" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand completions" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand completions" -s V -l version -d 'Print version'
complete -c wiset -n "__fish_wiset_using_subcommand man" -l netns -d 'Operate inside the network namespace /run/netns/NAME (as `ip -n`)' -r
complete -c wiset -n "__fish_wiset_using_subcommand man" -s q -l quiet -d 'Suppress messages (exit codes are kept)'
complete -c wiset -n "__fish_wiset_using_subcommand man" -s h -l help -d 'Print help'
complete -c wiset -n "__fish_wiset_using_subcommand man" -s V -l version -d 'Print version'

# wiset: set names from the kernel, set types, output formats, namespaces.
complete -c wiset -n "__fish_seen_subcommand_from add del test destroy list save flush rename swap replace alter metrics translate find" -f -a "(command wiset list -n 2>/dev/null)"
complete -c wiset -n "__fish_seen_subcommand_from create" -f -a "bitmap:ip bitmap:ip,mac bitmap:port hash:ip hash:mac hash:ip,mac hash:ip,mark hash:ip,port hash:ip,port,ip hash:ip,port,net hash:net hash:net,net hash:net,port hash:net,port,net hash:net,iface list:set"
complete -c wiset -s o -l output -x -a "plain save xml json table"
complete -c wiset -l netns -x -a "(command ls /run/netns 2>/dev/null)"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- bitmap:ip (commandline -opc)" -f -a "range netmask timeout counters comment skbinfo"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- bitmap:ip,mac (commandline -opc)" -f -a "range timeout counters comment skbinfo"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- bitmap:port (commandline -opc)" -f -a "range timeout counters comment skbinfo"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip (commandline -opc)" -f -a "family hashsize maxelem netmask bitmask timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:mac (commandline -opc)" -f -a "hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip,mac (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip,mark (commandline -opc)" -f -a "family markmask hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip,port (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval netmask bitmask"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip,port,ip (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:ip,port,net (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:net (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:net,net (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval netmask bitmask"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:net,port (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:net,port,net (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- hash:net,iface (commandline -opc)" -f -a "family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval"
complete -c wiset -n "__fish_seen_subcommand_from create; and contains -- list:set (commandline -opc)" -f -a "size timeout counters comment skbinfo"
