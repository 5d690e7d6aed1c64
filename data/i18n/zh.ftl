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

## trace

trace-at-lab = 实验
trace-ping = ping { $dst }{ $owner }
trace-ping-of = 第 { $number } 次 ping，共 { $total } 次
trace-ping-of-ttl = 第 { $number } 次 ping，共 { $total } 次；TTL { $ttl }（ping -t）：收到 TTL 为 1 的路由器把它丢弃并回 ICMP 超时，于是报出这一跳（手动 traceroute）
trace-ping-of-from = 第 { $number } 次 ping，共 { $total } 次；源地址 { $src }，即路由出口接口上的本机地址
trace-ping-of-from-ttl = 第 { $number } 次 ping，共 { $total } 次；源地址 { $src }，即路由出口接口上的本机地址；TTL { $ttl }（ping -t）：收到 TTL 为 1 的路由器把它丢弃并回 ICMP 超时，于是报出这一跳
trace-ping-replied = ping { $dst }：收到回应
trace-ping-replied-why = 回显应答与请求对得上
trace-ping-lost = ping { $dst }：丢失
trace-ping-lost-why = 5 秒内没有回应
trace-ping-host-unreachable = ping { $dst }：目标主机不可达
trace-ping-host-unreachable-why = 下一跳没有回应 ARP
trace-ping-net-unreachable-from = ping { $dst }：来自 { $from }：目标网络不可达
trace-ping-host-unreachable-from = ping { $dst }：来自 { $from }：目标主机不可达
trace-ping-unreachable-why = 路由器 { $from } 发来 ICMP 目标不可达（代码 { $code }）
trace-ping-ttl-exceeded = ping { $dst }：来自 { $from }：TTL 超时
trace-ping-ttl-exceeded-why = 路由器 { $from } 发来 ICMP 超时：TTL 在路上耗尽了
trace-loopback = ping { $dst }：由回环接口回应
trace-loopback-127 = 127.0.0.0/8 不会离开本机：由 lo 接口回应
trace-loopback-zero = 0.0.0.0 指本机：由 lo 接口回应
trace-loopback-own = { $dst } 是本机自己的地址：由 lo 接口回应，不发帧
trace-cache-hit = ARP 缓存命中 { $hop } = { $mac }，不用 ARP
trace-cache-stale = 使用过期（STALE）条目：{ $hop } = { $mac }
trace-cache-mapped = MAC 由地址直接算出：{ $mac }
trace-reasons = { $first }；{ $then }
trace-send = 发送 { $frame }
trace-queue = 把发往 { $dst } 的包排队
trace-queue-resolving = 没有 { $hop } 的 ARP 条目：开始解析（INCOMPLETE）
trace-queue-in-progress = { $hop } 的 ARP 解析已在进行
trace-arp-request-why = 要知道 { $target } 的 MAC：广播，网段里每台主机都能收到
trace-arp-request-retry = 1 秒内没有回应：第 { $attempt } 次，共 3 次
trace-arp-failed = { $target } 的 ARP 解析失败（FAILED）
trace-arp-failed-why = { $tries } 次请求都没有回应；丢弃排队的 { $dropped } 个包
trace-learned = 学到 { $mac } 在端口 { $port }
trace-moved = { $mac } 从端口 { $from } 移到端口 { $port }
trace-refreshed = { $mac } 已在端口 { $port }
trace-relearned = 重新学到 { $mac } 在端口 { $port }（原条目已老化）
trace-hub-learns-nothing = 集线器什么也不学
trace-flood = 泛洪到 { $copies } 个端口
trace-flood-broadcast = 广播
trace-flood-multicast = { $mac } 是组播组
trace-flood-unknown = 不知道 { $mac } 在哪个端口
trace-flood-aged = { $mac } 的条目已老化（空闲 { $idle } 秒 > { $aging } 秒）
trace-flood-hub = 集线器把每一帧从其他所有端口转发出去
trace-forward-port = 转发到端口 { $port }
trace-forward-port-why = { $mac } 在端口 { $port }
trace-filter = 过滤
trace-filter-why = { $mac } 就在进来的端口 { $port }
trace-switch-in = 端口 { $port } 进：{ $frame }；{ $out }
trace-drop = 丢弃 { $frame }
trace-not-for-me = 不是给我的：发往 { $to }，我是 { $me }
trace-arp-ignored-merged = 要找的 { $target } 不是我；更新了我的 { $sender } 条目（RFC 826 合并）
trace-arp-ignored = 要找的 { $target } 不是我；没有 { $sender } 的条目，也不新建
trace-ignore-arp-request = 忽略 #{ $number } ARP 请求
trace-arp-answer-why = 请求找的是我的 IP { $target }；学到 { $ip } = { $mac }（STALE）
trace-arp-answer-known-why = 请求找的是我的 IP { $target }；{ $ip } = { $mac } 已知且已确认：请求不能证明可达，条目保持 REACHABLE
trace-arp-resolved = ARP 缓存：{ $ip } = { $mac }（REACHABLE）
trace-arp-resolved-why = { $released ->
    [0] 这是对我的请求的应答
   *[other] 这是对我的请求的应答；发出排队的 { $released } 个包
    }
trace-arp-resolved-stale = ARP 缓存：{ $ip } = { $mac }（STALE）
trace-arp-resolved-stale-why = 它自己的 ARP 请求比给我的应答先到：里面也有它的 MAC，所以 { $released } 个排队的包现在就发出（Linux），条目在确认之前是 STALE
trace-released-why = 排队等到 { $hop } 回应了 ARP
trace-released-stale-why = 排队等到 { $hop } 的地址解析完成：它自己的 ARP 请求带来了它的 MAC
trace-router-forward = 转发到 { $dst }，从 { $iface } 出去
trace-router-forward-why = 从 { $iface } 进来；{ $dst } 匹配直连网段 { $network }（最长前缀）；TTL 减一
trace-router-forward-via-why = 从 { $iface } 进来；{ $dst } 匹配经 { $via } 的路由 { $network }（最长前缀）；TTL 减一
trace-router-drop = 丢弃 { $src } > { $dst }
trace-router-drop-ttl = TTL 到这里会变成 0：向源主机回送 ICMP 超时
trace-router-drop-no-route = 没有匹配的路由：向源主机回送 ICMP 网络不可达
trace-router-drop-next-hop = 下一跳始终没有回应 ARP：向源主机回送 ICMP 主机不可达
trace-router-drop-martian = 它的源地址是我自己的地址：是我发出的包又回来了；Linux 把这种“火星包”悄悄丢弃，不回送错误（accept_local = 0）
trace-no-route = 丢弃 { $src } > { $dst }：没有路由
trace-no-route-host = { $dst } 不在我的网络 { $network } 里，而我没有网关：这个包发不出去（Linux 报"网络不可达"）
trace-no-route-router = 我直连的网络都不包含 { $dst }：这个包发不出去
trace-not-forwarded = 丢弃 { $src } > { $dst }：不转发
trace-not-forwarded-why = { $dst } 是广播地址或组播组：路由器两者都不转发（Linux 不转发定向广播，见 RFC 2644；自身也不做组播路由），本机也没有谁接收它
trace-listen = 在端口 { $port } 监听
trace-listen-reuse = 在端口 { $port } 监听（设置了 SO_REUSEADDR）
trace-listen-why = 回显服务器启动
trace-listen-upper = 回显服务器启动，把读到的内容转成大写
trace-listen-iterative = 一次只服务一个客户端：处理完一个才再调用 accept()（listen 的 backlog 为 { $backlog }）
trace-listen-backlog = 每个连接都立即 accept；半连接超过 backlog 时，新的 SYN 收到 SYN cookie（listen 的 backlog 为 { $backlog }）
trace-connect = connect({ $to })
trace-connect-why = 客户端建立 TCP 连接：先发 SYN
trace-connect-udp-why = UDP：线路上什么也不发，套接字只记下对端；它所发报文引起的 ICMP 差错会报回给它
trace-call-send = send 发送 { $len } 字节：{ $data }
trace-call-send-why = 应用程序写数据
trace-call-recv-eof = recv：读到结尾（EOF）
trace-call-recv-eof-why = 对方关闭了它那一侧（FIN）：不会再有数据
trace-call-recv = recv 收到 { $len } 字节：{ $data }
trace-call-recv-why = 应用程序读数据
trace-call-message = 一条完整消息：{ $len } 字节，{ $data }
trace-call-message-why = 长度前缀：消息前面的 2 字节长度说明它在哪里结束，不管字节流被怎样切开或粘在一起
trace-call-partial = 不完整的消息：已有 { $have } 字节，它的 2 字节长度 { $prefix } 说消息有 { $need } 字节
trace-call-partial-why = recv 等待剩下的部分；如果对方不发长度前缀（它的头两个字节被当成了长度），就会一直等下去
trace-call-partial-prefix = 不完整的消息：2 字节长度只到了 1 字节
trace-call-partial-prefix-why = recv 等待剩下的部分
trace-call-accept = accept()：{ $ip }:{ $port }
trace-call-accept-why = { $waiting ->
        [0] 服务器取出内核替它建好的下一个连接，服务到结束才会再调用 accept()
       *[other] 服务器取出内核替它建好的最早的连接（队列里还有 { $waiting } 个在等），服务到结束才会再调用 accept()
    }
trace-call-shutdown = shutdown(write)
trace-call-shutdown-why = 半关闭：数据之后发 FIN，这一侧还能继续读
trace-call-shutdown-unopened-why = 三次握手还没完成：Linux 不发 FIN，而是放弃这次连接尝试，并给这个套接字的下一次调用留下 ECONNRESET
trace-call-in-progress = connect() 立即返回：正在连接
trace-call-in-progress-why = 非阻塞套接字（EINPROGRESS）：三次握手在后台继续，程序先做别的事
trace-call-close = close()
trace-call-close-why = 应用程序用完了：数据之后发 FIN
trace-call-close-udp-why = UDP 套接字关闭：线路上什么也不发
trace-call-close-unread-why = 还有 { $bytes } 字节没读：关闭时发 RST，不发 FIN
trace-call-close-ended-why = 连接早已结束：只释放套接字，线路上什么也不发
trace-call-close-after-shutdown-why = FIN 已随 shutdown() 发出：close() 不再发什么，连接自己完成关闭
trace-call-close-unread-shut-why = 还有 { $bytes } 字节没读：FIN 已随 shutdown() 发出，现在发 RST 重置连接
trace-exit = 端口 { $port } 上的服务器退出
trace-exit-why = 它的监听套接字关闭
trace-addr-in-use = bind(端口 { $port })：地址已被占用（Address already in use）
trace-addr-in-use-why = 一个处于 TIME-WAIT 的连接还占着这个端口，而套接字没有设置 SO_REUSEADDR
trace-addr-in-use-reuse-why = 一个处于 TIME-WAIT 的连接还占着这个端口；这个套接字设置了 SO_REUSEADDR，但建立那个连接的套接字没有设置，两个都设置了才行
trace-addr-in-use-open-reuse-why = 一个打开着的连接还在用这个端口；这个套接字设置了 SO_REUSEADDR，但建立那个连接的套接字没有设置，两个都设置了才行
trace-addr-in-use-open-why = 一个打开着的连接还在用这个端口，而套接字没有设置 SO_REUSEADDR
trace-addr-in-use-listener-why = 本机另一个套接字正在这个端口上监听
trace-addr-in-use-udp-why = 本机另一个 UDP 套接字已经绑定了这个端口
trace-addr-not-avail = connect({ $ip }:{ $port })：无法分配请求的地址（Cannot assign requested address）
trace-addr-not-avail-why = SO_REUSEADDR 让 bind() 通过了，但两端完全相同的连接（这个端口，那台服务器的地址和端口）还处于 TIME-WAIT：connect() 不能再建立它（假如旧连接用了 TCP 时间戳，Linux 会允许；模拟器不发时间戳）
trace-addr-not-avail-open-why = SO_REUSEADDR 让 bind() 通过了，但两端完全相同的连接（这个端口，那台服务器的地址和端口）还开着
trace-refused = 连接被拒绝
trace-refused-why = 那里没有程序监听（RST 或 ICMP 端口不可达）
trace-refused-udp-why = 它发的数据报换回了 ICMP 端口不可达：已连接的 UDP 套接字把它报为错误（ECONNREFUSED）
trace-reset = 连接被对方重置
trace-reset-why = 已打开的连接上收到 RST（ECONNRESET）：对方还有数据没读就关闭了，或者对方关闭之后又收到了数据
trace-disconnected = 连接被重置（ECONNRESET）
trace-disconnected-why = 这是 shutdown 留下的错误：它放弃了连接尝试（对方并没有发 RST）
trace-not-connected = recv：未连接（ENOTCONN）
trace-not-connected-why = 这个套接字没有连接：它的连接尝试已被放弃
trace-broken-pipe-reset = 管道破裂（EPIPE）
trace-broken-pipe-reset-why = 对方的 FIN 之后又来了 RST（对方已经关闭，再收到数据就重置了连接）：Linux 这时记下的是 EPIPE 而不是 ECONNRESET；读取先返回已到的数据，然后是文件结束，发送都会失败
trace-broken-pipe = send：管道破裂（EPIPE）
trace-broken-pipe-why = 这个套接字不能再发送了（写的一端已经关闭，或者连接已经不在了）：什么也没有发出
trace-timed-out = 没有回应
trace-timed-out-why = ETIMEDOUT：重传（或保活探测）次数用完了，都没有回应
trace-timed-out-udp-why = 等待时间内回显没有到：UDP 不会重发
trace-unreachable = connect() 失败：{ $error }
trace-unreachable-net = 网络不可达
trace-unreachable-host = 没有到主机的路由
trace-unreachable-why = 来自 { $from } 的 ICMP 目标不可达（代码 { $code }）说的是 SYN：Linux 对仍在建立的连接立即放弃（RFC 5461）
trace-cause-connect = connect()：发出 SYN
trace-cause-syn-received = 监听端口收到 SYN：回 SYN+ACK
trace-cause-syn-ack-received = 收到 SYN+ACK：回 ACK（三次握手第 3 次）
trace-cause-handshake-ack = 收到对我方 SYN+ACK 的 ACK：三次握手完成
trace-cause-simultaneous-open = 我方 SYN 未到对方时收到对方的 SYN（同时打开）：发 SYN+ACK
trace-cause-crossed-syn-acked = 对方的 SYN+ACK 确认了我方 SYN：本端建立（同时打开：不是三次握手，而是两端各发 SYN 和 SYN+ACK，共四个报文段，再各回一个 ACK 确认早已收到的 SYN）
trace-cause-close = close()：发出 FIN
trace-cause-close-unopened = 三次握手完成前 close()：连接直接作废，不发 FIN
trace-cause-shutdown = shutdown(write)：发出 FIN，仍可读
trace-cause-close-fin-waits = close()：窗口已满，FIN 稍后发出，排在还没发出的数据后面
trace-cause-shutdown-fin-waits = shutdown(write)：窗口已满，FIN 稍后发出，排在还没发出的数据后面；仍然可以读
trace-cause-shutdown-unopened = 三次握手完成前 shutdown(write)：这次连接尝试作废（Linux 会断开这个套接字），不发 FIN
trace-cause-fin-received = 收到对方的 FIN：回 ACK
trace-cause-fin-acked = 收到对我方 FIN 的 ACK
trace-cause-fin-and-ack = 对方的 FIN 和对我方 FIN 的 ACK 一起到达
trace-cause-time-wait-over = 2 x MSL 已过：不会再有迷途的报文段到达
trace-cause-reset = 收到 RST：连接被拒绝或被重置
trace-cause-reset-time-wait = 收到序号正是我们期待的 RST：TIME-WAIT 提前结束（Linux 允许这样，即 RFC 1337 所说的“TIME-WAIT 暗杀”）
trace-cause-new-syn = 同一对端点来了新的 SYN，序号在旧连接之后：TIME-WAIT 提前结束，交给监听套接字（RFC 1122 4.2.2.13）
trace-cause-abort-on-close = 还有数据没读就 close()：发 RST，让对方知道数据丢了（RFC 1122 4.2.2.13；Linux）
trace-cause-data-after-close = close() 之后又来了新数据：不会再有人读它，回 RST（RFC 1122 4.2.2.13；Linux）
trace-cause-not-accepted = 它在 accept 队列里等待时监听套接字关闭了：从未被 accept，连接被重置（RST）
trace-cause-syn-cookie = 这个报文段带回了监听套接字发出的 SYN cookie：连接由它建立，之前什么都没保存
trace-cause-fin-timeout = 对方的 FIN 在 tcp_fin_timeout 内没有来：连接消失，什么也不发
trace-cause-gave-up = 重传次数用完了
trace-cause-unreachable = 关于 SYN 的 ICMP 目标不可达回来了
trace-cause-keepalive-gave-up = 9 次保活探测都没有回应：对方已经不在了
trace-cause-host-down = 主机关掉了：连接随之消失，什么也不发
trace-cause-listener-closed = 握手还没完成，监听套接字就关闭了：连接被丢弃，什么也不发（对方的下一个报文段会收到 RST）
trace-retransmit = 重传定时器到期：第 { $attempt } 次重传
trace-retransmit-why = 没有及时收到 ACK：报文段再发一次；下次超时 { $rto } 秒（翻倍）
trace-keepalive-probe = 保活探测第 { $probe } 次，共 9 次
trace-keepalive-first = 对方 2 小时没有任何消息（SO_KEEPALIVE）：它还在吗？
trace-keepalive-next = 上一次探测 75 秒内没有回应
trace-time-wait = TIME-WAIT 定时器：{ $seconds } 秒
trace-time-wait-why = 2 x MSL：重传的 FIN 仍能得到 ACK，旧的报文段也都会消亡
trace-fin-timeout = FIN-WAIT-2 定时器：{ $seconds } 秒
trace-fin-timeout-why = 应用程序已经关闭了它：最多等对方的 FIN 这么久，然后连接消失（Linux 的 tcp_fin_timeout；只 shutdown(write) 的话会一直等）
trace-nagle = Nagle：{ $held } 字节在等待
trace-nagle-why = 不满一个报文段、且之前发出的小报文段还没被确认：等 ACK 到了再发，其间写入的数据会并进来
trace-ack-quick = 立即 ACK（快速确认）
trace-ack-quick-why = 新连接，还不是交互式的：Linux 对最初的数据立即确认（quickack 模式，与真实内核一致）
trace-ack-delayed = 暂不发 ACK（延迟确认，最多 40 毫秒）
trace-ack-delayed-why = 交互式（我方在 40 毫秒内回了数据，或对方已关闭）：Linux 等数据或我方的 FIN 一起带上 ACK
trace-ack-piggybacked = 暂存的 ACK 搭在这个报文段上
trace-ack-piggybacked-why = 捎带确认：一个报文段代替两个
trace-ack-timer = 延迟确认定时器到期：单独发 ACK
trace-ack-timer-why = 40 毫秒内没有可以搭载的数据
trace-ack-out-of-order = 报文段乱序到达：先存着；立即确认已收到的部分（重复 ACK）
trace-ack-out-of-order-why = 它前面的报文段丢了：它的数据等缺口补上，重复的 ACK 告诉发送方缺的是哪里
trace-ack-gap-filled = 缺的报文段到了：等着的数据也一起交给应用程序；立即确认
trace-ack-gap-filled-why = 它补上了缺口，连同等着的数据现在都按顺序了
trace-fast-retransmit = 第三个重复 ACK：立即重传缺的报文段（快速重传）
trace-fast-retransmit-why = 同一个确认号来了三次，说明后面的报文段都到了：不必等超时（RFC 5681）
trace-syn-again = 客户端的 SYN 又来了：立即重发 SYN+ACK（Linux）
trace-syn-again-why = 又收到 SYN，说明我们的 SYN+ACK 丢了；Linux 不等自己的定时器，立即重发，教科书则只回一个 ACK 然后等待
trace-wrong-ack-reset = 收到的 ACK 确认的不是我们发过的东西：回 RST，8 毫秒后重发 SYN
trace-wrong-ack-reset-why = 它来自同一对端点上仍处于 TIME-WAIT 的旧连接：RST 带上它的确认号，那一端就会接受并结束（RFC 9293 3.10.7.3）；Linux 随后在 TCP_TIMEOUT_MIN 之后就重发 SYN，而不是等一整个超时
trace-queued = 来自 { $ip }:{ $port } 的连接在 accept 队列（全连接队列）里等待（{ $waiting } 个在等，backlog { $backlog }）
trace-queued-why = 内核已经替它完成了三次握手（也会确认它发来的数据），可服务器正忙着另一个连接：connect() 已经返回，服务器还没调用 accept()
trace-queue-full-syn = 端口 { $port } 的 accept 队列满了（backlog { $backlog }）：丢弃 SYN
trace-queue-full-syn-why = 等 accept() 的连接已经超过 backlog：Linux 悄悄丢掉这个 SYN，客户端的定时器到期后会重发
trace-queue-full-ack = 端口 { $port } 的 accept 队列满了（backlog { $backlog }）：丢弃握手的 ACK
trace-queue-full-ack-why = 连接停在半连接状态（SYN-RECEIVED），等队列有了空位：服务器按定时器重发 SYN+ACK，客户端再回 ACK 才完成握手
trace-queue-full-cookie-why = 这次握手监听套接字什么都没保存（它回的是 SYN cookie）：连接不会建立，也没有谁重发 SYN+ACK；客户端自以为已经连上，等队列有了空位，它后面带着这个 cookie 的报文段才能进来
trace-syn-cookie = 端口 { $port } 有 { $half_open } 个半连接，超过了 backlog（{ $backlog }）：回复带 SYN cookie 的 SYN+ACK，不保存任何状态
trace-syn-cookie-why = 这是 Linux 抵御 SYN 洪泛的办法（tcp_syncookies = 1，默认值）：把两端地址端口、时间和客户端的最大报文段长度编码进 SYN+ACK 的序号，于是不用保存请求，也不会重发；带回这个 cookie 的 ACK 才建立连接（ACK 丢了，客户端的数据也带着同一个 ACK，照样能建立）
trace-no-listener = 端口 { $port } 上没有程序监听
trace-no-listener-udp = 回送 ICMP 端口不可达
trace-no-listener-tcp = 回送 RST：连接被拒绝
trace-no-connection = 端口 { $port } 上没有这个报文段所属的连接
trace-no-connection-tcp = 这个报文段不属于任何连接，比如已经结束的连接：回送 RST，重置对方的连接
trace-lose = 丢失 { $frame }
trace-lose-why = 有意丢弃（--drop，或实验文件里的 drop = [...]）：这一帧没有到达（好像在线路上损坏了）
trace-lose-segment-why = [[lose]]：第 { $connection } 个连接的第 { $segment } 个报文段没有到达（好像在线路上损坏了）
trace-lose-datagram-why = [[lose]]：第 { $connection } 个连接的第 { $datagram } 个数据报没有到达（好像在线路上损坏了）
trace-crash = 关机
trace-crash-why = 实验的一步：主机消失，不再回应任何东西
trace-wait = 等待 { $seconds } 秒
trace-lab-step = 实验的一步
trace-link-down = 从 { $bridge } 的端口 { $port } 拔掉网线
trace-link-down-why = 实验的一步：这个端口不再通过任何东西
trace-frame-cap = { $frames } 帧后停止
trace-storm = 广播风暴：交换机连成环又没有生成树，同一帧被永远泛洪
trace-frame-cap-why = 运行达到了帧数上限
trace-still-open = 结束时仍处于 { $state }
trace-still-open-why = 它不会再有什么变化：线路上没有它的报文段，也没有定时器在走（没有保活的空闲连接会一直存在）
trace-time-up = 在 { $seconds } 秒停止
trace-time-up-why = 实验的时间到了（until）：之后的事不再发生
trace-echo-answer = 向 { $to } 发回显应答
trace-echo-answer-stand-in = 网关在这里代替互联网：它替 { $dst } 回应
trace-echo-answer-why = 这是发给我的 IP 的回显请求
trace-echo-ignored = 不给 { $from } 回显应答
trace-echo-ignored-broadcast = 发往广播地址：Linux 不理会（icmp_echo_ignore_broadcasts）
trace-echo-ignored-multicast = 发往组播组：Linux 不理会（icmp_echo_ignore_broadcasts）

## frame

frame-arp-request = ARP 谁是 { $target }？请告诉 { $sender }
frame-arp-reply = ARP { $sender } 在 { $mac }
frame-echo-request = ICMP 回显请求 { $src } > { $dst } seq { $seq } ttl { $ttl }
frame-echo-reply = ICMP 回显应答 { $src } > { $dst } seq { $seq } ttl { $ttl }
frame-time-exceeded = ICMP 超时（代码 { $code }）{ $src } > { $dst } ttl { $ttl }
frame-unreachable = ICMP 目标不可达（代码 { $code }）{ $src } > { $dst } ttl { $ttl }
frame-icmp-about = { $frame }，关于 { $what }
frame-other = 帧

## route

route-on-link = { $dst } AND 子网掩码 = { $masked } = 我的网段：直连
route-via-gateway = { $dst } 不在我的网段 { $network }：经网关
route-via-router = { $dst } 匹配我到 { $network } 的路由：交给下一个路由器
route-back = 直接回给提问的主机
route-broadcast = { $dst } 是广播地址：发往 ff:ff:ff:ff:ff:ff，不用 ARP
route-multicast = { $dst } 是组播组：发往它的 01:00:5e MAC，不用 ARP，TTL 1（Linux 让组播留在本链路）

## sim

sim-header = { $layout }，种子 { $seed }：{ $pings } 次 ping
sim-col-time = 时间（秒）
ladder-title = 连接 { $n }（{ $proto }）：客户端 { $client }，服务器 { $server }
ladder-title-both = 连接 { $n } 与 { $m }（TCP）：{ $client } 与 { $server } 互相连接
ladder-lost = 途中丢失
ladder-ping-title = ping { $n }：{ $src }（{ $from }）到 { $dst }（{ $to }）
ladder-arp-request = ARP 谁是 { $target }？（广播）
ladder-arp-reply = ARP { $sender } 在 { $mac }
ladder-echo-request = ICMP 回显请求 seq { $seq } ttl { $ttl }
ladder-echo-reply = ICMP 回显应答 seq { $seq } ttl { $ttl }
ladder-icmp-net = ICMP 网络不可达
ladder-icmp-host = ICMP 主机不可达
ladder-icmp-port = ICMP 端口不可达
ladder-icmp-ttl = ICMP 超时
ladder-icmp-other = ICMP 类型 { $icmp_type } 代码 { $code }
ladder-broadcast = 广播
ladder-multicast = 多播
ladder-host-said = { $host }：{ $what }
ladder-none = 没有可画的：时序图画的是每次 ping、每个 TCP 连接和 UDP 交换
sim-col-at = 位置
sim-col-event = 事件  （原因）
sim-hub = 集线器
sim-switch = 交换机
sim-layout-segments = { $hosts } 台主机分在 { $segments } 个网段（{ $nets }），每个网段一台{ $device }，由路由器 R 连接
sim-stand-in = ，网关 { $gateway } 代替互联网
sim-layout = { $hosts } 台主机在 { $subnet }，接在一台{ $device }上{ $gateway }

## tcp

tcp-header-upper = { $client } 连接 { $server }（端口 { $port } 上是转大写的回显服务器），种子 { $seed }
tcp-header = { $client } 连接 { $server }（端口 { $port } 上是回显服务器），种子 { $seed }
tcp-header-all-pairs = { $first ->
        [yes] { $client } 连接 { $server }，然后每台主机依次连接其他每台主机
       *[no] 每台主机依次连接其他每台主机
    }：共 { $connections } 个连接（端口 { $port } 上是{ $upper ->
        [yes] 转大写的回显服务器
       *[no] 回显服务器
    }），种子 { $seed }

## table

table-hosts = 主机
table-router = { $name }（路由器）
table-port-of = { $switch } 端口 { $port }
table-mac = 交换机 MAC 地址表
table-arp = ARP 缓存
table-empty = （空）
table-empty-not-shown = （另有 { $empty } 台主机的缓存为空，未列出）
table-connections = 连接
table-connections-n = 连接（{ $n }）
table-counters = 计数

## col

col-host = 主机
col-state = 状态
col-switch-port = 交换机端口
col-port = 端口
col-last-seen = 最后出现（秒）
col-entries = 条目数
col-outcome = 结果
col-connections = 连接数
col-client = 客户端
col-server = 服务器
col-client-states = 客户端状态
col-server-states = 服务器状态
col-bytes = 字节 发/收
col-counter = 计数项
col-value = 值

## outcome

outcome-echoed = 已回显
outcome-mismatch = 回显不一致
outcome-closed = 已关闭（没有回显可核对）
outcome-refused = 连接被拒绝
outcome-timed-out = 超时
outcome-unreachable = 不可达
outcome-addr-in-use = bind() 失败：地址已被占用
outcome-addr-not-avail = connect() 失败：无法分配请求的地址
outcome-reset = 连接被对方重置
outcome-broken-pipe = 管道破裂
outcome-unfinished = 未结束

## counter

counter-frames-in = 进入交换机的帧
counter-frames-out = 离开交换机的帧（泛洪的每份副本都算）
counter-arp-requests = ARP 请求
counter-arp-replies = ARP 应答
counter-deliveries = 投递（网卡接收的帧）
counter-not-for-me = 网卡丢弃的副本（不是给我的）
counter-pings-ok = 得到回应的 ping
counter-pings-lost = 丢失的 ping
counter-forwarded = 路由器转发的包
counter-icmp-errors = 路由器发出的 ICMP 差错报文
counter-segments = 发出的 TCP 报文段（传输层计数）
counter-retransmissions = TCP 重传（传输层计数）
counter-datagrams = 发出的 UDP 数据报（传输层计数）
counter-lost = 故意丢弃的帧（传输层计数）

## lab

lab-header = 实验 { $file }{ $title }：{ $nodes } 个节点，{ $bridges } 台交换机或集线器，{ $pings } 次 ping，{ $sessions } 个连接

## error

error-parse = { $problem }：{ $input }
error-empty = 地址是空的；应当是 192.168.1.10 或 2001:db8::1 这样的地址
error-whitespace = 地址里有空白字符（请删掉）
error-non-ascii = 地址里有非 ASCII 字符（只能用 ASCII 数字、a-f、'.'、':' 和 '/'；注意全角字符）
error-control = 地址里有控制字符
error-too-long = 太长，不是地址（IPv6 文本最多 45 个字符）
error-ipv4-parts = IPv4 地址有 { $n } 段（不接受简写和整数形式）；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv4-leading-zero = 第 { $octet } 段有前导零（是八进制还是十进制说不清，所以不接受）；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv4-octet-range = 第 { $octet } 段大于 255；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv4-empty-octet = 第 { $octet } 段是空的；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv4-hex = 不接受十六进制形式的 IPv4 地址；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv4-char = IPv4 地址里有不该出现的字符；IPv4 地址是四个 0-255 的十进制数，例如 192.168.1.10
error-ipv6-zone = 不接受 IPv6 区域标识（%eth0）；请去掉区域标识
error-ipv6-double-colons = IPv6 地址里有不止一个 '::'（最多一个）
error-ipv6-group-length = IPv6 的一组超过 4 个十六进制数字
error-ipv6-empty-group = IPv6 有空组（开头或结尾单独的 ':'，或 ':::'）
error-ipv6-group-count = IPv6 组数不对（8 组，或用一个 '::' 省略，例如 2001:db8::1）
error-ipv6-char = IPv6 地址里有不该出现的字符（只能用十六进制数字、':' 和 '.'）
error-ipv6-embedded-ipv4 = IPv6 地址里内嵌的 IPv4 不对（放在最后，四个十进制数，例如 ::ffff:192.0.2.1）
error-prefix-syntax = 前缀不对（十进制长度如 /24，IPv4 也可以写点分子网掩码如 /255.255.255.0）
error-prefix-range = 前缀长度超出范围（0-{ $max }）
error-mask-not-contiguous = 子网掩码不连续：第 { $bit } 位在 0 之后又是 1（子网掩码是一串 1 后面跟一串 0，例如 255.255.255.0）
error-mask-family = 子网掩码和地址不是同一类（IPv4 与 IPv6）
error-prefix-not-allowed = 这里要的是地址，不是网段（去掉 /前缀）
error-not-an-address = 不是 IP 地址；应当是 192.168.1.10 或 2001:db8::1 这样的地址
error-mixed-families = 地址类型不一致：{ $a } 和 { $b }（IPv4 和 IPv4 比，IPv6 和 IPv6 比）
error-no-prefix-v6 = 没有给出前缀：给一台主机写上前缀（{ $example }/64），或加 --mask /64
error-no-mask = 没有给出子网掩码：给一台主机写上前缀（{ $example }/24），或加 --mask 255.255.255.0
error-io = { $context }：{ $error }
error-mask-option = { $problem }：“--mask { $prefix }”
error-host-bits-set = 网段写法的主机位不全为 0（是不是想写 { $network }？）：{ $input }
error-range-reversed = 起始地址在结束地址之后：{ $first } > { $last }（交换一下：{ $last } { $first }）
error-prefix-too-long = 前缀 /{ $prefix } 比 /{ $width } 还长
error-split-shorter = 不能把 { $network } 划分成 /{ $prefix }：它比 /{ $own } 短（请在 /{ $own } 到 /{ $width } 之间选）
error-zero-count = --count 至少是 1
error-too-many-subnets = { $network } 划分不出 { $count } 个子网：最多 2^{ $bits } 个（每个 /{ $width }）
error-zero-hosts = 需求 { $name } 要 0 台主机
error-request-too-large = 需求 { $name } 要 { $hosts } 台主机，{ $network } 放不下（最多 { $usable } 个可用地址）
error-plan-too-large = 这个划分方案需要 { $needed } 个地址，{ $network } 只有 { $available } 个：还差 { $short } 个（换一个更大的网段，或减少主机数）
error-plan-beyond = 这个划分方案需要的地址比 { $network }（以及任何网段）都多：请减少需求或缩小每个需求
error-gateway-not-usable = --gateway { $gateway } 不是 { $subnet } 里可用的主机地址（请在 { $first } 到 { $last } 之间选）
error-host-count = --hosts 取值 1 到 { $max }：{ $hosts }
error-too-many-hosts = { $subnet } 放不下 { $asked } 台主机：只能放 { $room } 台（换一个更大的 --subnet，例如 { $suggest }）
error-too-many-hosts-gateway = { $subnet } 放不下 { $asked } 台主机：除网关外只能放 { $room } 台（换一个更大的 --subnet，例如 { $suggest }）
error-all-pairs-too-large = { $hosts } 台主机的 --all-pairs 会让每个 ARP 缓存都记下每台主机：约 { $gib } GiB；最多用 { $max } 台主机
error-segment-count = --segments 取值 1 到 { $max }：{ $segments }
error-gateway-with-segments = --gateway 只在一个网段时代替路由器；用 --segments 时，路由器 R 就是每台主机的网关
error-segments-without-hosts = --segments { $segments } 至少需要 { $segments } 台主机（--hosts），每个网段一台：{ $hosts }
error-segments-past-the-end = { $segments } 个和 { $subnet } 一样大的子网，在 IPv4 地址空间里它后面放不下
error-all-pairs-needs-two = --all-pairs 至少需要 2 台主机
error-nothing-to-ping = 只有一台主机时，请给出 --ping 1:地址（经 --gateway 出去）
error-no-such-host = 没有主机 { $number }：主机编号从 1 到 { $hosts }
error-not-a-host = 没有哪台主机的地址是 { $ip }：发送的一端（ping 的源、连接的客户端）是主机编号（1-{ $hosts }）或某台主机的地址
error-no-route-for = { $ip }：网络不可达：Linux 按默认路由发送受限广播和组播，而 { $subnet } 上没有 --gateway 或 --segments 的主机没有默认路由（真机上 ping 也这样报错）；本网段的广播地址 { $broadcast } 不需要路由
error-off-subnet = { $ip } 不在 { $subnet } 里：加上 --gateway，让路由器替它应答


## command errors

cannot-create = 无法创建 { $path }
cannot-open = 无法打开 { $path }
cannot-read = 无法读取 { $path }
writing-file = 写入 { $path }
writing-output = 写输出
reading-input = 读取输入
seconds-range = { $what } 应是 0 到 { $max } 之间的秒数：{ $value }
tty-guard = 这会向终端打印 { $n } 行；请用管道（| head，> 文件）或加上 --force
sim-host-number-too-large = 主机编号太大：{ $text }
sim-ipv4-only = 模拟的局域网只用 IPv4：{ $text }
sim-bad-ping = --ping 的写法是 源:目的，例如 H1:H5、1:5 或 1:192.168.1.5：{ $text }
sim-subnet-ipv4 = --subnet 必须是 IPv4 网段：{ $text }
sim-gateway-ipv4 = --gateway 必须是 IPv4 地址：{ $text }
sim-pcap-to-terminal = --pcap - 会把二进制抓包写到标准输出，而标准输出是终端；请用管道（| tshark -r -）或重定向（> run.pcapng）
sim-missed-frame-beyond = 注意：要丢弃第 { $number } 帧，但这次运行只有 { $frames } 帧：那里什么也没丢
sim-missed-frame-unseen = 注意：要丢弃第 { $number } 帧，但它没有到达任何交换机或集线器：那里什么也没丢
sim-missed-segment = 注意：要丢失连接 { $connection } 的第 { $nth } 个报文段，但它的两端只发送了 { $sent } 个：那里什么也没丢
sim-missed-datagram = 注意：要丢失连接 { $connection } 的第 { $nth } 个数据报，但它的两端只发送了 { $sent } 个：那里什么也没丢
sim-huge-run = 这次运行大约要传送 { $estimate } 个帧（要几分钟，--pcap 还要占内存）；确实要运行请加 --force
sim-huge-trace-events = 过程记录大约会有 { $estimate } 个事件；只看表格请加 --quiet，或加 --force
sim-huge-trace-lines = 过程记录大约会有 { $estimate } 行；只看表格请加 --quiet，或加 --force
sim-writing-capture-stdout = 把抓包写到标准输出
tcp-all-pairs-too-large = { $hosts } 台主机的 --all-pairs 会建立 { $connections } 个连接，每个都要保留到最后的报告：约 { $gib } GiB；最多用 { $max } 台主机
tcp-bad-connect = --connect 的写法是 源:目的[:端口]，例如 H1:H2 或 1:2:8002：{ $text }
tcp-port-range = 端口取值 1 到 65535：{ $text }
tcp-no-server-host = 没有哪台主机的地址是 { $ip }：服务器必须是其中一台主机
tcp-same-host = 客户端和服务器是同一台主机：请选两台
tcp-msl-range = --msl 取值 0 到 3600 秒：{ $msl }
tcp-send-size = 每个 --send 是 1 字节到 1 MiB 的文本
tcp-udp-size = 用 --udp 时，每个 --send 最多 65507 字节（一个 UDP 数据报能装的）
real-mss = --real 用内核的 MSS（以太网上是 1460）：请去掉 --mss，才能对比同样的条件
mac-none-given = 请给出一个或多个 MAC 地址，或者用 --random
range-bad = 写法是 起始 结束 或 起始-结束（例如 10.0.0.5-10.0.0.77）：{ $text }
contains-mixed = 地址类型不一致：{ $text } 与 { $net } 不是同一类地址（IPv4 和 IPv4 比，IPv6 和 IPv6 比）
split-how = 请给出 --prefix、--count 或 --hosts
split-bad-count = 主机数必须是正整数：{ $item }（例如 sales=50）
filter-too-long = 第 { $line } 行：超过 1 MiB，已跳过
filter-bad-line = 第 { $line } 行第 { $field } 列：{ $problem }：{ $text }
filter-bad-summary = { $lines } 行中有 { $bad } 行的第 { $field } 列没有有效地址（加 --ignore-invalid 可跳过它们）
aggregate-bad-input = 第 { $line } 个输入：{ $error }
aggregate-bad-summary = { $inputs } 个输入中有 { $bad } 个不是有效网段，已略去


## real

real-head-real = 真实 Linux { $kernel }
real-head-switch = 交换机
real-head-simulator = 模拟器
real-legend = = 相同   ~ 相同，但在对方的帧中位置不同（时序）   != 不同   < 只有模拟器有   > 只有真机有
real-counts = 进入网桥的帧：模拟器 { $sim_in } 个，真机 { $real_in } 个；发出的帧：模拟器 { $sim_out } 个，真机 { $real_out } 个
real-counts-aside = { $counts }；另有 { $n } 个真机的帧不参与对比（IPv6、STP 等）
real-same = 相同：逐帧看种类都一样
real-arp-title = 结束时的 ARP 缓存（真实一侧：ip neigh）
real-arp-same = 相同：逐条一致
real-arp-differences = 有 { $n } 条 ARP 条目不同
real-head-real-short = 真实 Linux
real-differences = { $n } 处不同
real-differences-out = { $n } 处不同，而且网桥发出的帧数不一样
real-not-compared = 不参与对比的：
real-not-timing = 时间（模拟器的时钟是虚拟的）
real-not-numbers = 序号、IP 标识、窗口和 TCP 选项（由内核自己选；Linux 的 SYN 还带 SACK 和窗口扩大选项）
real-not-checksums = 校验和（veth 把它留给网卡卸载）
real-not-settings = 各命名空间按模拟器的假设运行：关闭 TCP 时间戳（满长度的报文段正好一个 MSS），每个包一个报文段（veth 不做分段卸载），关闭 IPv6
real-not-ports = 客户端端口取自 Linux 的临时端口范围 32768-60999（显示为 *）
real-not-delay = 内核的 ARP 状态 DELAY 和 PROBE（正在使用的过期条目，5 秒后再确认）：算作 STALE，模拟器不区分它们
real-not-interleave = 不同网段的帧如何交错：每台交换机的帧按它自己的顺序对比
real-all = 全体
real-kind-arp-request = ARP 谁是 { $target }？请告诉 { $sender }
real-kind-arp-reply = ARP { $sender } 的 MAC 是 { $mac }（回给 { $target }）
real-icmp-echo-reply = 回显应答
real-icmp-echo-request = 回显请求
real-icmp-port-unreachable = 端口不可达
real-icmp-host-unreachable = 主机不可达
real-icmp-network-unreachable = 网络不可达
real-icmp-time-exceeded = 超时
real-icmp-other = 类型 { $icmp_type } 代码 { $code }
real-kind-icmp = ICMP { $name } { $src } > { $dst } ttl { $ttl }
real-kind-tcp = TCP { $from } > { $to } [{ $flags }] len { $len } ttl { $ttl }
real-kind-udp = UDP { $from } > { $to } len { $len } ttl { $ttl }
real-kind-ip = IP 协议 { $protocol } { $src } > { $dst } ttl { $ttl }
real-too-many-exchanges = --real 发送真实流量：最多 { $max } 次 ping 或连接（这次：{ $n }）
real-no-stand-in = --real 无法搭建 --gateway 代表互联网的替身；要真实的路由器请用 --segments
real-too-many-hosts = --real 搭建真实主机：最多 { $max } 台（这次：{ $n }）
real-no-bridge-chains = --real 搭建挂着主机的网桥，不能把网桥接到网桥上
real-failed = --real：{ $what }：{ $detail }
real-no-binary = --real：找不到 netcalc 程序本身：{ $error }
real-interrupted = --real：被中断；它创建的网络命名空间已删除
real-linux-only = --real 要搭建 Linux 网络命名空间：只能在 Linux 上运行
real-needs-root = --real 要创建网络命名空间、veth 对和网桥，需要 root 权限：请用 sudo 运行
real-needs-tool = --real 需要 `{ $tool }`（Debian 和 Ubuntu：apt-get install { $package }）
real-stopped-early = 还没准备好就退出了：{ $said }
real-not-ready = { $secs } 秒内没有准备好


## lab errors

lab-error = { $file }：第 { $line } 行：{ $problem }
lab-error-field = { $file }：第 { $line } 行：{ $field }：{ $problem }
lab-toml = 不是有效的实验文件（TOML 读取器说：{ $words }）
lab-needs-prefix = 要写地址和前缀，例如 192.168.1.1/24：{ $text }
lab-ipv4-only = 实验只用 IPv4：{ $text }
lab-prefix-length = 前缀长度取值 0 到 32：{ $text }
lab-not-a-host-address = { $ip } 是 { $net } 的网络地址或广播地址，不能给主机用
lab-aging = 秒数取值 0 到 1e9
lab-bad-name = 名字是 1 到 32 个字母、数字、- 或 _
lab-named-twice = { $name } 重名了
lab-no-bridge = 没有名为 { $name } 的交换机或集线器
lab-gateway-off-link = { $gateway } 不在 { $net } 里：网关必须和主机在同一网段
lab-router-without-interfaces = 路由器至少要有一个接口
lab-no-devices = 实验至少要有一个 [[host]] 或 [[router]]（例子见 data/labs/）
lab-route-host-bits = { $given } 的主机位不全为 0：网络是 { $net }
lab-next-hop-off-link = { $ip } 不在这台路由器的任何一个网段上：下一跳路由器必须是直连的邻居
lab-next-hop-is-mine = { $ip } 是这台路由器自己的地址：下一跳应是另一台路由器
lab-link-needs-two = 要写两个交换机或集线器的名字
lab-link-ends = 两端都必须是本实验的交换机或集线器
lab-frame-cap = 取值 1 到 100000000 帧
lab-lose-connection = 这个实验只有 { $count } 个 connect 步骤：connection 按它们的顺序从 1 数起
lab-lose-which-tcp = 第 { $connection } 个连接是 TCP：请给 segment = N
lab-lose-which-udp = 第 { $connection } 个连接是 UDP：请给 datagram = N
lab-ttl = TTL 取值 1 到 255
lab-backlog = backlog 取值 0 到 4096（Linux 的 somaxconn）
lab-iterative-udp = UDP 没有连接可以 accept：iterative 只用于 TCP
lab-backlog-udp = UDP 没有连接可以 accept：backlog 只用于 TCP
lab-drop-frame = 帧从 1 开始编号，与跟踪和抓包的编号相同
lab-lose-segment = 从 1 数起，两个方向都算，按连接两端发出的顺序
lab-step-kind = 每一步是 ping、wait、link_down、listen、restart、connect、call、crash 之一
lab-or = {" "}或{" "}
lab-stray = { $option } 只能用在 { $allowed } 步骤里
lab-framing = 取 "length"（每条消息前加 2 字节长度）或 "none"
lab-framing-udp = UDP 本身保留消息边界：分帧只用于 TCP
lab-ping-syntax = 写法是 源 -> 目的，例如 "A -> B" 或 "A -> 10.0.0.9"
lab-connect-syntax = 写法是 源 -> 目的:端口，例如 "A -> B:8002"
lab-messages = 一条或多条消息，每条 1 到 65536 字节
lab-mode = 取 one-by-one、burst、half-close 或 keep-open
lab-udp-mode = UDP 一条消息发一个数据报
lab-socket-with-send = 有名字的套接字在 call = "send" 步骤里发送，不能同时写 send 或 mode
lab-nonblocking = nonblocking 只用于有名字的 TCP 套接字（socket = NAME）：它的 connect() 立即返回
lab-socket-name = 套接字要有一个新的、非空的名字
lab-call-without-socket = call 步骤需要 socket = 名字（来自之前的 connect 步骤）
lab-unknown-socket = 之前没有 connect 步骤起过这个套接字名
lab-data-without-send = data 只能和 call = "send" 一起用
lab-data-size = 1 到 65536 字节
lab-send-without-data = send 需要 data = "..."
lab-udp-shutdown = UDP 套接字没有连接，无从半关闭
lab-socket-closed = 前面的步骤已经关闭了这个套接字：close() 交还了它的描述符，再调用会失败（EBADF）
lab-udp-size = 一个 UDP 数据报最多装 65507 字节
lab-call = 取 send、recv、shutdown 或 close
lab-no-node = 没有名为 { $name } 的设备
lab-seconds = 秒数取值 0 到 { $max }
lab-no-host = 没有名为 { $name } 的主机
lab-no-pinger = 没有名为 { $name } 的主机或路由器
lab-router-no-route = { $ip }：网络不可达：路由器 { $router } 没有通往它的路由（Linux 报"网络不可达"）；请给它加上 routes = [...] 或 gateway = "..."
lab-not-node-nor-address = { $name } 既不是设备名，也不是地址
lab-port = 端口取值 1 到 65535：{ $text }
lab-link-down-ends = { $text }：两端都必须是交换机或集线器
lab-no-link-between = { $a } 和 { $b } 之间没有连线
lab-crashed = { $name } 在前面的步骤里已经宕机：它不再做任何事
lab-connect-to-self = 主机连接自己要经过 lo 接口，实验只为 ping 模拟它：请连接另一台主机
lab-connect-to-group = { $ip } 是广播或组播地址：TCP 只能连接一台主机（Linux 的 connect() 会报"网络不可达"），实验里的 UDP 套接字也只与一台主机通信
lab-no-route = { $ip }：网络不可达：{ $subnet } 上没有网关的主机没有通往它的路由（Linux 报"网络不可达"）；请给主机加上 gateway = "..."

## mac errors

mac-error = { $reason }；MAC 地址是 6 个十六进制字节，例如 00:1a:2b:3c:4d:5e、00-1A-2B-3C-4D-5E、001a.2b3c.4d5e 或 001a2b3c4d5e：{ $input }
mac-error-empty = MAC 地址为空
mac-error-non-ascii = 有非 ASCII 字符
mac-error-digits = 不带分隔符的 MAC 是 12 个十六进制数字
mac-error-hex = 十六进制数字不对
mac-error-separators = 分隔符混用或位置不对
mac-error-octets = 应当是 6 个字节
mac-error-octet-length = 每个字节是 1 到 2 个十六进制数字
mac-error-dotted = 点分写法是 3 组、每组 4 个十六进制数字
mac-error-character = 有不该出现的字符


## usage errors

usage-error = 错误：{ $text }
usage-unknown-argument = 无法识别的参数 '{ $arg }'
usage-unknown-subcommand = 无法识别的子命令 '{ $name }'
usage-missing-value = '{ $arg }' 需要一个值，但没有给出
usage-invalid-value = '{ $value }' 不是 '{ $arg }' 的有效值
usage-value-validation = '{ $value }' 不是 '{ $arg }' 的有效值（{ $why }）
usage-conflict = 参数 '{ $arg }' 不能和 '{ $other }' 一起用
usage-missing-argument = 缺少必需的参数：'{ $args }'
usage-too-many-values = '{ $arg }' 不接受值，却给了 '{ $value }'
usage-no-equals = 给 '{ $arg }' 赋值时需要等号
usage-number-of-values = '{ $arg }' 的值的个数不对
usage-invalid-utf8 = 参数中有无效的 UTF-8
usage-possible-values = {" "}［可选值：{ $values }］
usage-did-you-mean = （提示：有一个相近的：'{ $suggestion }'）
usage-usage = 用法：{ $usage }
usage-more = 更多信息请用 '--help'。


## page (--html)

page-title = netcalc
page-counter = 步骤 $n / $total
page-first = « 第一步
page-back = ‹ 上一步
page-play = ▶ 播放
page-pause = ■ 暂停
page-forward = 下一步 ›
page-last = 最后一步 »
page-keys = 按键：← 和 → 逐步前后，空格播放或暂停，Home 和 End 跳到第一个和最后一个事件
page-language = 语言
page-topology = 拓扑
page-ladder = 时序图
page-ladder-none = 没有可画的：这次运行没有 ping、TCP 报文段或 UDP 数据报
page-ladder-of = $client 到 $server
page-ladder-both = $client 与 $server 互相连接
page-event = 当前这一步
page-events = 全部事件
page-time = 时间
page-at = 位置
page-reason = 原因
page-colon = ：
page-frame = 帧
page-frame-none = 这个事件不传送帧。
page-frame-number = #$n，$len 字节
page-bytes = 字节
page-bytes-hint = 选一个字段，标出它的字节。
page-tables = 这一步时的各张表
page-arp = ARP 缓存
page-mac = MAC 地址表
page-sockets = 套接字
page-none = （空）
page-rows-more = …… 另有 $n 行（其他主机和交换机的）
page-col-host = 主机
page-col-ip = IP
page-col-mac = MAC
page-col-state = 状态
page-col-switch = 交换机
page-col-port = 端口
page-col-socket = 套接字
page-client = 客户端
page-server = 服务器
page-layer-eth = 以太网帧（Ethernet II）
page-layer-arp = ARP
page-layer-ipv4 = IPv4
page-layer-icmp = ICMP
page-layer-tcp = TCP
page-layer-udp = UDP
page-layer-data = 数据
page-f-eth-dst = 目的 MAC 地址
page-f-eth-src = 源 MAC 地址
page-f-eth-type = 类型
page-f-arp-htype = 硬件类型
page-f-arp-ptype = 协议类型
page-f-arp-hlen = 硬件地址长度
page-f-arp-plen = 协议地址长度
page-f-arp-op = 操作码
page-f-arp-sha = 发送方 MAC
page-f-arp-spa = 发送方 IP
page-f-arp-tha = 目标 MAC
page-f-arp-tpa = 目标 IP
page-f-ip-version = 版本
page-f-ip-ihl = 首部长度
page-f-ip-dscp = 区分服务（DSCP 和 ECN）
page-f-ip-len = 总长度
page-f-ip-id = 标识
page-f-ip-flags = 标志
page-f-ip-ttl = 生存时间（TTL）
page-f-ip-proto = 协议
page-f-ip-checksum = 首部校验和
page-f-ip-src = 源地址
page-f-ip-dst = 目的地址
page-f-icmp-type = 类型
page-f-icmp-code = 代码
page-f-icmp-checksum = 校验和
page-f-icmp-id = 标识符
page-f-icmp-seq = 序号
page-f-tcp-srcport = 源端口
page-f-tcp-dstport = 目的端口
page-f-tcp-seq = 序号（原始值）
page-f-tcp-ack = 确认号（原始值）
page-f-tcp-hlen = 首部长度
page-f-tcp-flags = 标志位
page-f-tcp-window = 窗口
page-f-tcp-checksum = 校验和
page-f-tcp-urgent = 紧急指针
page-f-tcp-mss = 最大报文段长度（MSS）
page-f-udp-srcport = 源端口
page-f-udp-dstport = 目的端口
page-f-udp-len = 长度
page-f-udp-checksum = 校验和
page-f-data = 数据
page-m-broadcast = 广播：局域网里每台主机都收
page-m-arp = ARP
page-m-ipv4 = IPv4
page-m-request = 请求：谁是这个 IP？
page-m-reply = 应答：这个 IP 在这个 MAC
page-m-echo-request = 回显请求（ping）
page-m-echo-reply = 回显应答
page-m-unreachable = 目的不可达
page-m-time-exceeded = 超时（TTL 减到 0）
page-m-icmp = ICMP
page-m-tcp = TCP
page-m-udp = UDP
page-m-ttl = 每经过一个路由器减 1，减到 0 就丢弃
page-m-checksum = 接收方重新计算，以发现损坏
page-m-mss = 这一端一个报文段最多收多少数据

## io
# 系统原文（C 库的英文）放在括号里

io-not-found = 文件或目录不存在（{ $error }）
io-permission-denied = 权限不够（{ $error }）
io-already-exists = 已经存在（{ $error }）
io-is-a-directory = 这是一个目录（{ $error }）
io-not-a-directory = 不是目录（{ $error }）
io-storage-full = 磁盘已满（{ $error }）
io-connection-refused = 连接被拒绝（{ $error }）
io-connection-reset = 连接被对方重置（{ $error }）
io-connection-aborted = 连接中止（{ $error }）
io-broken-pipe = 管道已断开（{ $error }）
io-timed-out = 超时（{ $error }）
io-addr-in-use = 地址已被占用（{ $error }）
io-addr-not-available = 本机没有这个地址（{ $error }）
io-host-unreachable = 主机不可达（{ $error }）
io-network-unreachable = 网络不可达（{ $error }）
io-invalid-data = 数据无效（{ $error }）
io-unexpected-eof = 数据意外结束（{ $error }）
io-interrupted = 被中断（{ $error }）
io-other = 出错（{ $error }）

## classify

classify-embeds = （内嵌 { $ipv4 }：{ $category }）
classify-mixed = 混合：里面有 { $n } 个更具体的地址块：{ $inside }
classify-bad = { $total } 个输入中有 { $bad } 个不是有效地址（第一个是第 { $line } 个输入：{ $msg }）
classify-error = 错误：{ $problem }
classify-too-long = 这一行超过 1 MiB

## echo

echo-tcp-and-udp = tcp 和 udp
echo-limit-unchanged = 未改
echo-upper-case = 转大写
echo-verbatim = 原样
echo-listening = 在 { $at } 监听（{ $protos }，{ $mode }）；最多 { $max } 个连接，打开文件数上限 { $limit }；按 Ctrl-C 停止
echo-second-signal = 第二次信号：立即切断打开的连接
echo-stopped = 已停止；{ $connections } 个连接，{ $datagrams } 个数据报，收 { $bytes_in } 字节，发 { $bytes_out } 字节，{ $idle } 个因空闲关闭，{ $cut } 个在宽限期结束时切断
echo-refused-per-source = 来源已达 --max-conns-per-source、被立即关闭的连接：{ $n }
echo-datagrams-ignored = 未回应的数据报：{ $low } 个来自 1024 以下的端口，{ $own } 个来自服务器自己的地址，{ $rate } 个超过速率
echo-full = 已达 --max-conns { $max }：新连接等待
echo-open = 打开 { $peer }
echo-closed-by-peer = 对方关闭
echo-idle-timeout = 空闲超时
echo-closed-for-shutdown = 因停止而关闭
echo-close = 关闭 { $peer }：{ $why }；收 { $bytes_in } 字节，发 { $bytes_out } 字节，{ $secs } 秒
echo-drop = 丢弃 { $peer }：{ $error }；收 { $bytes_in } 字节，发 { $bytes_out } 字节，{ $secs } 秒
echo-draining = 正在停止：最多等 { $grace }，还有 { $open } 个连接
echo-refused = 连接被 { $addr } 拒绝：那里没有程序监听（可以用 `netcalc echo server --listen { $addr }` 启动一个）
echo-accept-failed = accept 失败：{ $error }；{ $retry } 毫秒后重试，持续失败时间隔逐渐拉长（最长 { $max } 毫秒）
echo-udp-receive-failed = UDP 接收出错：{ $error }
echo-udp-low-port = 忽略来自 { $peer } 的数据报：源端口小于 1024
echo-udp-send-failed = 向 { $peer } 发送 UDP 失败：{ $error }
echo-source-capped = { $source } 已打开 { $max } 个连接（--max-conns-per-source）：它再来的连接会立刻关闭
echo-udp-throttled = { $peer } 超过了应答速率（--udp-rate）：在它放慢之前，它的数据报一律丢弃
echo-bad-address = 应写成 地址:端口，例如 127.0.0.1:8002、[::1]:8002 或 localhost:8002：{ $text }
echo-cannot-resolve = 无法解析 { $host }：{ $error }
echo-no-address-for = { $host } 没有地址
echo-no-address = 没有可以连接的地址
echo-starting-runtime = 启动异步运行时
echo-starting-workers = 启动工作线程
echo-addr-in-use = { $addr } 已被占用：已经有服务器在那里监听（先停掉它，或用 --listen 换一个端口）
echo-bind-denied = 没有权限绑定 { $addr }（1024 以下的端口需要特权）：请选 1023 以上的端口
echo-not-local = { $addr } 不是本机的地址：请用 127.0.0.1、::1 或 0.0.0.0
echo-cannot-listen = 无法在 { $addr } 上监听
echo-idle-timeout-zero = --idle-timeout 0 会立刻关闭每个连接：请给一个大于 0 的秒数
echo-timed-out = { $addr }：{ $error }
echo-with = 与 { $addr } 回显
reading-stdin = 读取标准输入
bench-connections-range = --connections 取值 1 到 { $max }：{ $n }
bench-length-range = --length 取值 1 到 { $max } 字节（64 MiB）：{ $n }
bench-udp-length = 一个 UDP 消息最多 65,507 字节
bench-no-reason = 没有给出原因
bench-some-failed = { $requested } 个连接中有 { $failed } 个打不开或中途失败（{ $why }）；以上数字只统计其余 { $rest } 个
bench-unanswered = { $open } 个已打开的连接中有 { $unserved } 个在 { $secs } 秒内没有收到回显：服务器接受了连接却不应答（是它的 --max-conns 吗？）

## ifaces

ifaces-loopback = { $a } 是回环地址（loopback）：发给它的数据不会离开本机
ifaces-ula = { $a } 是唯一本地地址（fc00::/7，IPv6 的内网地址）：只在一个站点内部路由，不上互联网
ifaces-private = { $a } 是内网地址（private）：互联网看到的是你路由器的公网地址，本机上的命令无从得知
ifaces-link-local-v6 = { $a } 是链路本地地址（fe80::/10）：每个 IPv6 接口都有一个，只在本链路使用（邻居发现、路由器通告）
ifaces-link-local = { $a } 是链路本地地址（169.254.0.0/16）：自己分配的，通常是因为没有 DHCP 服务器应答
ifaces-shared = { $a } 在运营商共享地址空间（100.64.0.0/10）：由运营商做地址转换（CGN）
ifaces-global-v6 = { $a } 是全球 IPv6 地址（公网）：本机在互联网上自己的地址
ifaces-public = { $a } 是公网地址（public）：从互联网可以访问，除非防火墙不让
ifaces-documentation = { $a } 来自文档示例地址段：只该出现在示例里，不该出现在真实网络上
ifaces-other = { $a } 是{ $category }（参见 `netcalc classify { $a }`）
ifaces-no-such = 本机没有接口 { $name }（有 { $known }）
ifaces-mac-vendor = MAC { $mac }（{ $vendor }）
ifaces-mac-local = MAC { $mac }（本地管理地址：没有厂商）
ifaces-mac-unknown = MAC { $mac }（厂商未知）
ifaces-loopback-flag = ，回环
ifaces-up = 已启用
ifaces-down = 未启用
ifaces-unknown = 状态未知
ifaces-network-broadcast = 网段 { $network }，广播地址 { $broadcast }
ifaces-network = 网段 { $network }
ifaces-on-link = 直连：{ $gateway } AND { $via } 的子网掩码，落在同一网段
ifaces-not-on-link = 不直连：{ $interface } 没有哪个地址和 { $gateway } 在同一网段
ifaces-gateway = 默认网关 { $gateway }，经 { $interface }
ifaces-no-gateway = 没有默认网关：本机只能到达自己所在的网段

## mac

mac-broadcast = 广播
mac-local = 没有厂商：本地管理地址
mac-unknown-vendor = 厂商未知（前缀不在 IEEE 注册表里）
mac-first-octet = 第一个字节 { $hex } = { $bits }：I/G 位 { $ig } -> { $group }，U/L 位 { $ul } -> { $local }
mac-group = 组地址（组播/广播）
mac-individual = 单个地址（单播）
mac-locally-administered = 本地管理
mac-universal = 全球管理（厂商分配）
mac-maps-broadcast = 局域网里的每一台设备（ARP 请求、DHCP 发现）
mac-maps-ipv4 = IPv4 组播（RFC 1112）：组 224-239.{ $d }.{ $e }.{ $f } 和 224-239.{ $d2 }.{ $e }.{ $f }（32 个组共用这个 MAC）
mac-maps-ipv6 = IPv6 组播（RFC 2464）：最后 32 位是 { $bits } 的每个 ff00::/8 组（例如 { $example }）
mac-kind-broadcast = 广播
mac-kind-ipv4-multicast = IPv4 组播
mac-kind-ipv6-multicast = IPv6 组播
mac-kind-multicast = 组播
mac-kind-unicast = 单播

## port

port-out-of-range = 端口超出范围（0-65535）：{ $q }
port-not-a-port = 不是端口号（0-65535）也不是服务名（如 ssh、mysql）：{ $q }
port-no-service = （没有登记的服务；{ $range }端口）
port-no-such-name = { $q }：没有这个名字的服务
port-range-well-known = 知名
port-range-registered = 注册
port-range-dynamic = 动态

## list

list-network = 网段
list-first = 第一个地址
list-last = 最后一个地址
list-broadcast = 广播地址
list-usable = 可用主机数
list-name = 名称
list-requested = 需要主机数
list-free-row = （空闲）
list-allocated = { $network } { $name }（需要 { $requested } 台主机，可用 { $usable } 台）
list-free = { $network } 空闲（可用 { $usable } 台）
list-inside = 在 { $net } 之内
list-not-inside = 不在 { $net } 之内

## bench

bench-measure = 指标
bench-value = 值
bench-connections = 连接数
bench-message-bytes = 消息字节数
bench-seconds = 秒数
bench-requests = 请求数
bench-requests-per-s = 每秒请求数
bench-mb-per-s = 每个方向 MB/s
bench-p50 = 延迟 p50
bench-p99 = 延迟 p99
bench-max = 最大延迟
bench-least-served = 服务最少的连接
bench-least-served-value = { $least } 个请求（中位数 { $median }）
bench-mismatched = 回显不一致
bench-lost = 丢失（UDP）
bench-failed = 失败的连接
bench-unserved = 始终没有回应的连接
