# netcalc's words in English. Every message here has a counterpart in zh.ftl with the same
# variables (a test checks). Terms: data/i18n/GLOSSARY.md.

## same-subnet

same-subnet-both-masks = Both hosts use mask { $mask } (/{ $prefix }):
same-subnet-host = host { $name }
same-subnet-mask = mask /{ $prefix }
same-subnet-network-of = network of { $name }
same-subnet-under-mask = { $other } under { $me }'s mask
same-subnet-own-mask = Host { $me } ({ $address }/{ $prefix }) with its own mask { $mask }:
same-subnet-on-link = { $masked } = { $network }: { $me } sends to { $other } directly (on-link)
same-subnet-via-gateway = { $masked } != { $network }: { $me } sends to { $other } through its gateway
same-subnet-same = same subnet: both on { $network }
same-subnet-different = different subnets: { $a } and { $b } (they talk through a router)
same-subnet-same-masks-differ = same subnet: each host sees the other on-link (but the masks differ: fix that)
same-subnet-neither = different subnets: neither host sees the other on-link
same-subnet-one-way = different subnets: { $me } sees { $other } on-link, but { $other } sends to { $me } through its gateway

## info

info-address = address
info-netmask = netmask
info-wildcard = wildcard
info-network = network
info-broadcast = broadcast
info-broadcast-none = none (RFC 3021 /31 or a /32)
info-first-host = first host
info-last-host = last host
info-usable-hosts = usable hosts
info-addresses = addresses
info-category = category
info-global = global
info-class = class
info-binary = binary
info-mask-binary = mask binary
info-network-binary = network binary
info-boundary = boundary
info-expanded = expanded
info-compressed = compressed
info-hex = hex
info-integer = integer
info-reverse-dns = reverse DNS
info-note = note: { $note }
info-no-prefix = no prefix given: shown as a single host (/{ $bits }); write { $address }/24 or similar for its network

## category

category-unspecified = unspecified
category-this-network = this-network
category-loopback = loopback
category-private = private
category-shared = shared
category-link-local = link-local
category-ietf-protocol = ietf-protocol
category-dummy = dummy
category-documentation = documentation
category-benchmarking = benchmarking
category-multicast = multicast
category-reserved = reserved
category-broadcast = broadcast
category-deprecated = deprecated
category-discard = discard
category-nat64 = nat64
category-nat64-local = nat64-local
category-teredo = teredo
category-6to4 = 6to4
category-srv6 = srv6
category-global = global

## common

yes = yes
no = no
not-applicable = n/a
