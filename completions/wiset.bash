_wiset() {
    local i cur prev opts cmd
    COMPREPLY=()
    if [[ "${BASH_VERSINFO[0]}" -ge 4 ]]; then
        cur="$2"
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
    fi
    prev="$3"
    cmd=""
    opts=""

    for i in "${COMP_WORDS[@]:0:COMP_CWORD}"
    do
        case "${cmd},${i}" in
            ",$1")
                cmd="wiset"
                ;;
            wiset,add)
                cmd="wiset__subcmd__add"
                ;;
            wiset,alter)
                cmd="wiset__subcmd__alter"
                ;;
            wiset,completions)
                cmd="wiset__subcmd__completions"
                ;;
            wiset,create)
                cmd="wiset__subcmd__create"
                ;;
            wiset,del)
                cmd="wiset__subcmd__del"
                ;;
            wiset,destroy)
                cmd="wiset__subcmd__destroy"
                ;;
            wiset,find)
                cmd="wiset__subcmd__find"
                ;;
            wiset,flush)
                cmd="wiset__subcmd__flush"
                ;;
            wiset,help)
                cmd="wiset__subcmd__help"
                ;;
            wiset,info)
                cmd="wiset__subcmd__info"
                ;;
            wiset,ipset-translate)
                cmd="wiset__subcmd__ipset__subcmd__translate"
                ;;
            wiset,list)
                cmd="wiset__subcmd__list"
                ;;
            wiset,man)
                cmd="wiset__subcmd__man"
                ;;
            wiset,metrics)
                cmd="wiset__subcmd__metrics"
                ;;
            wiset,rename)
                cmd="wiset__subcmd__rename"
                ;;
            wiset,replace)
                cmd="wiset__subcmd__replace"
                ;;
            wiset,restore)
                cmd="wiset__subcmd__restore"
                ;;
            wiset,save)
                cmd="wiset__subcmd__save"
                ;;
            wiset,swap)
                cmd="wiset__subcmd__swap"
                ;;
            wiset,test)
                cmd="wiset__subcmd__test"
                ;;
            wiset,translate)
                cmd="wiset__subcmd__translate"
                ;;
            wiset,version)
                cmd="wiset__subcmd__version"
                ;;
            *)
                ;;
        esac
    done

    case "${cmd}" in
        wiset)
            opts="-o -r -s -n -t -f -q -h -V --exist --output --resolve --sorted --name --terse --file --color --quiet --netns --help --version create add del test destroy list save restore flush rename swap help version replace info alter translate ipset-translate metrics find completions man"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 1 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__add)
            opts="-q -h -V --exist --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__alter)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__completions)
            opts="-q -h -V --quiet --netns --help --version bash elvish fish powershell zsh"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__create)
            opts="-q -h -V --exist --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__del)
            opts="-q -h -V --exist --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__destroy)
            opts="-q -h -V --exist --wait --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__find)
            opts="-o -q -h -V --output --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__flush)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__help)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__info)
            opts="-o -q -h -V --output --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__ipset__subcmd__translate)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__list)
            opts="-o -r -s -n -t -f -q -h -V --output --resolve --sorted --name --terse --file --color --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__man)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__metrics)
            opts="-q -h -V --max-entries --write --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --max-entries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --write)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__rename)
            opts="-q -h -V --wait --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__replace)
            opts="-o -q -h -V --output --create --skip-invalid --grow --diff --dry-run --allow-empty --min-entries --max-shrink --wait-lock --wait-busy --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --create)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --min-entries)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --max-shrink)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --wait-lock)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --wait-busy)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__restore)
            opts="-f -q -h -V --exist --file --atomic --check --all-errors --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__save)
            opts="-o -r -s -n -t -f -q -h -V --output --resolve --sorted --name --terse --file --color --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --output)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -o)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --file)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                -f)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --color)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__swap)
            opts="-q -h -V --wait --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --wait)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__test)
            opts="-q -h -V --from --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --from)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__translate)
            opts="-q -h -V --table --family --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --table)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                --family)
                    COMPREPLY=($(compgen -W "inet ip ip6" -- "${cur}"))
                    return 0
                    ;;
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
        wiset__subcmd__version)
            opts="-q -h -V --quiet --netns --help --version"
            if [[ ${cur} == -* || ${COMP_CWORD} -eq 2 ]] ; then
                COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
                return 0
            fi
            case "${prev}" in
                --netns)
                    COMPREPLY=($(compgen -f "${cur}"))
                    return 0
                    ;;
                *)
                    COMPREPLY=()
                    ;;
            esac
            COMPREPLY=( $(compgen -W "${opts}" -- "${cur}") )
            return 0
            ;;
    esac
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _wiset -o nosort -o bashdefault -o default wiset
else
    complete -F _wiset -o bashdefault -o default wiset
fi

# wiset: set names from the kernel, set types and their create options,
# output formats and network namespaces, then clap's completion. The words
# are taken from the line split at blanks only: set types hold colons,
# which bash splits words at.
_wiset_kernel() {
    local line="${COMP_LINE:0:COMP_POINT}" words=() cur prev
    read -r -a words <<< "$line"
    [[ "$line" =~ [[:space:]]$ ]] && words+=("")
    cur="${words[${#words[@]}-1]}"
    prev="${words[${#words[@]}-2]}"
    local reply=() handled=1
    case "$prev" in
        -o|--output) reply=($(compgen -W "plain save xml json table" -- "$cur")) ;;
        --netns) reply=($(compgen -W "$(command ls /run/netns 2>/dev/null)" -- "$cur")) ;;
        -f|--file|--from|--write) reply=($(compgen -f -- "$cur")) ;;
        *) handled=0 ;;
    esac
    if [[ $handled -eq 0 && "$cur" != -* ]]; then
        local cmd="" n=0 i w type="" last=$((${#words[@]} - 1))
        for ((i = 1; i < last; i++)); do
            w="${words[i]}"
            case "$w" in
                -o|--output|--netns|-f|--file|--wait|--wait-lock|--wait-busy|--min-entries|--max-shrink|--max-entries|--write|--create|--from|--table|--family) ((i++)); continue ;;
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
            add:0|del:0|test:0|destroy:0|list:0|save:0|flush:0|rename:0|swap:[01]|replace:0|alter:0|metrics:*|translate:*|find:[1-9]*)
                reply=($(compgen -W "$(command wiset list -n 2>/dev/null)" -- "$cur")) ;;
            replace:1)
                reply=($(compgen -f -- "$cur")) ;;
            create:1)
                reply=($(compgen -W "bitmap:ip bitmap:ip,mac bitmap:port hash:ip hash:mac hash:ip,mac hash:ip,mark hash:ip,port hash:ip,port,ip hash:ip,port,net hash:net hash:net,net hash:net,port hash:net,port,net hash:net,iface list:set" -- "$cur")) ;;
            create:*)
                local opts=""
                case "$type" in
                    bitmap:ip) opts="range netmask timeout counters comment skbinfo" ;;
                    bitmap:ip,mac) opts="range timeout counters comment skbinfo" ;;
                    bitmap:port) opts="range timeout counters comment skbinfo" ;;
                    hash:ip) opts="family hashsize maxelem netmask bitmask timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:mac) opts="hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:ip,mac) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:ip,mark) opts="family markmask hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:ip,port) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval netmask bitmask" ;;
                    hash:ip,port,ip) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:ip,port,net) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:net) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:net,net) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval netmask bitmask" ;;
                    hash:net,port) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:net,port,net) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    hash:net,iface) opts="family hashsize maxelem timeout counters comment forceadd skbinfo bucketsize initval" ;;
                    list:set) opts="size timeout counters comment skbinfo" ;;
                esac
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
        local head="${cur%"${cur##*:}"}"
        reply=("${reply[@]#"$head"}")
    fi
    COMPREPLY=("${reply[@]}")
}
complete -F _wiset_kernel -o bashdefault -o default wiset
