# netcalc 的中文文案。每条消息在 en.ftl 中都有对应条目, 变量相同 (有测试检查)。
# 术语取自课程笔记: data/i18n/GLOSSARY.md。

## same-subnet

same-subnet-both-masks = 两台主机的子网掩码都是 { $mask }（/{ $prefix }）：
same-subnet-host = 主机 { $name }
same-subnet-mask = 子网掩码 /{ $prefix }
same-subnet-network-of = { $name } 的网段
same-subnet-under-mask = 按 { $me } 的子网掩码算 { $other }
same-subnet-own-mask = 主机 { $me }（{ $address }/{ $prefix }）用自己的子网掩码 { $mask }：
same-subnet-on-link = { $masked } = { $network }：{ $me } 直接发给 { $other }（同一网段）
same-subnet-via-gateway = { $masked } != { $network }：{ $me } 经网关发给 { $other }
same-subnet-same = 同一网段：都在 { $network }
same-subnet-different = 不同网段：{ $a } 和 { $b }（要经过路由器才能通信）
same-subnet-same-masks-differ = 同一网段：双方都认为对方与自己直连（但子网掩码不一致，应当改正）
same-subnet-neither = 不同网段：双方都不认为对方与自己直连
same-subnet-one-way = 不同网段：{ $me } 认为 { $other } 与自己直连，但 { $other } 要经网关才能发给 { $me }

## info

info-address = 地址
info-netmask = 子网掩码
info-wildcard = 反掩码
info-network = 网段（网络地址）
info-broadcast = 广播地址
info-broadcast-none = 无（RFC 3021 的 /31 或 /32）
info-first-host = 第一个主机地址
info-last-host = 最后一个主机地址
info-usable-hosts = 可用主机数
info-addresses = 地址总数
info-category = 类别
info-global = 公网可达
info-class = 地址类
info-binary = 二进制
info-mask-binary = 子网掩码二进制
info-network-binary = 网段二进制
info-boundary = 网络位边界
info-expanded = 完整写法
info-compressed = 压缩写法
info-hex = 十六进制
info-integer = 整数
info-reverse-dns = 反向解析域名
info-note = 注：{ $note }
info-no-prefix = 没有给出前缀：按单个主机（/{ $bits }）显示；要看它的网段，请写成 { $address }/24 这样的形式

## category
# 类别: 课程笔记的叫法在前, IANA 注册表的术语在括号里

category-unspecified = 未指定地址（unspecified）
category-this-network = 本网络（this network）
category-loopback = 回环地址（loopback）
category-private = 内网（private）
category-shared = 运营商共享地址（shared，CGN）
category-link-local = 链路本地（link-local）
category-ietf-protocol = IETF 协议分配（IETF protocol assignments）
category-dummy = 占位地址（dummy）
category-documentation = 文档示例（documentation）
category-benchmarking = 基准测试（benchmarking）
category-multicast = 组播（multicast）
category-reserved = 保留（reserved）
category-broadcast = 受限广播（limited broadcast）
category-deprecated = 已弃用（deprecated）
category-discard = 丢弃前缀（discard-only）
category-nat64 = NAT64
category-nat64-local = 本地 NAT64
category-teredo = Teredo
category-6to4 = 6to4
category-srv6 = SRv6 段标识（SRv6 SIDs）
category-global = 公网（global）

## common

yes = 是
no = 否
not-applicable = 不适用
