package dev.ferry.work.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import dev.ferry.system.FerryProperties;

/**
 * Ferry's work in Redis: one stream per tenant ({@code work:{t:<tenant>}:stream}) read by
 * the consumer group {@value #GROUP}, the set of tenants with undelivered entries
 * ({@code work:tenants:ready}) that consumers rotate through, and the set of tenants that
 * have a stream at all ({@code work:tenants:streams}) that reclaim walks. Entries carry
 * only a job id; the job itself is in PostgreSQL.
 *
 * <p>
 * Works on one Redis and on Redis Cluster alike: every script and multi-step command
 * touches one key (a tenant's stream, its group inside it), and the hash tag
 * {@code {t:<tenant>}} keeps whatever else of a tenant may join it in the same slot. The
 * two sets live in slots of their own, so a stream and the ready set are never changed in
 * one atomic step; instead every change is ordered so that a concurrent publish is never
 * stranded (docs/work.md, "Redis keys"): publish adds to the stream first and marks the
 * tenant ready after; a reader that found nothing leaves the ready set and then reads
 * once more; reclaim marks ready any stream with undelivered entries, and the relay lists
 * any tenant whose due jobs sit in a stream.
 */
@Component
class WorkRedis {

	static final String GROUP = "workers";

	/** Adds an entry to the stream (KEYS[1]) for each job id in ARGV. */
	private static final RedisScript<Long> PUBLISH = new DefaultRedisScript<>("""
			for i = 1, #ARGV do
			  redis.call('XADD', KEYS[1], '*', 'job', ARGV[i])
			end
			return #ARGV
			""", Long.class);

	/**
	 * Reads up to ARGV[2] new entries of the stream KEYS[1] for consumer ARGV[1] of group
	 * ARGV[3], creating the group if Redis lost it. Returns [entryId, jobId, ...].
	 */
	private static final RedisScript<List> READ = new DefaultRedisScript<>("""
			local function read()
			  return redis.pcall('XREADGROUP', 'GROUP', ARGV[3], ARGV[1], 'COUNT', ARGV[2], 'STREAMS', KEYS[1], '>')
			end
			local r = read()
			if type(r) == 'table' and r.err then
			  if string.find(r.err, 'NOGROUP') then
			    redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[3], '0', 'MKSTREAM')
			    r = read()
			  else
			    return redis.error_reply(r.err)
			  end
			end
			local out = {}
			if not r then
			  return out
			end
			for _, entry in ipairs(r[1][2]) do
			  local fields = entry[2]
			  for i = 1, #fields, 2 do
			    if fields[i] == 'job' then
			      table.insert(out, entry[1])
			      table.insert(out, fields[i + 1])
			    end
			  end
			end
			return out
			""", List.class);

	private static final RedisScript<Long> ACK = new DefaultRedisScript<>("""
			local n = redis.pcall('XACK', KEYS[1], ARGV[1], ARGV[2])
			redis.call('XDEL', KEYS[1], ARGV[2])
			if type(n) == 'table' then return 0 end
			return n
			""", Long.class);

	/**
	 * On the stream KEYS[1]: takes entries idle longer than ARGV[1] ms from whichever
	 * consumer of group ARGV[2] holds them (XAUTOCLAIM), puts their job ids back on the
	 * stream as new entries, and forgets consumers with nothing pending that have been
	 * idle ten times as long. Returns {reclaimed, 1 if entries wait undelivered else 0,
	 * the stream's length}. An entry is undelivered when the stream has entries but no
	 * group, or its last id is past the group's last delivered id (entries are only
	 * appended, and deleted only once delivered and acknowledged).
	 */
	private static final RedisScript<List> RECLAIM = new DefaultRedisScript<>("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  return {0, 0, 0}
			end
			local n = 0
			local r = redis.pcall('XAUTOCLAIM', KEYS[1], ARGV[2], 'reclaimer', ARGV[1], '0-0', 'COUNT', 100)
			if not (type(r) == 'table' and r.err) then
			  for _, entry in ipairs(r[2]) do
			    if entry and entry[2] then
			      local fields = entry[2]
			      for i = 1, #fields, 2 do
			        if fields[i] == 'job' then
			          redis.call('XADD', KEYS[1], '*', 'job', fields[i + 1])
			        end
			      end
			      n = n + 1
			    end
			    if entry then
			      redis.call('XACK', KEYS[1], ARGV[2], entry[1])
			      redis.call('XDEL', KEYS[1], entry[1])
			    end
			  end
			  local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[2])
			  if type(consumers) == 'table' and not consumers.err then
			    for _, c in ipairs(consumers) do
			      local info = {}
			      for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
			      if tonumber(info['pending']) == 0 and tonumber(info['idle']) > tonumber(ARGV[1]) * 10 then
			        redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[2], info['name'])
			      end
			    end
			  end
			end
			local length = redis.call('XLEN', KEYS[1])
			local undelivered = 0
			if length > 0 then
			  local function id(s)
			    local ms, seq = string.match(s, '^(%d+)-(%d+)$')
			    return tonumber(ms), tonumber(seq)
			  end
			  local stream = redis.call('XINFO', 'STREAM', KEYS[1])
			  local last
			  for i = 1, #stream, 2 do
			    if stream[i] == 'last-generated-id' then last = stream[i + 1] end
			  end
			  local delivered
			  for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
			    local info = {}
			    for i = 1, #g, 2 do info[g[i]] = g[i + 1] end
			    if info['name'] == ARGV[2] then delivered = info['last-delivered-id'] end
			  end
			  if not delivered then
			    undelivered = 1
			  else
			    local lm, ls = id(last)
			    local dm, ds = id(delivered)
			    if lm > dm or (lm == dm and ls > ds) then undelivered = 1 end
			  end
			end
			return {n, undelivered, length}
			""", List.class);

	/** A lease: ARGV[1] holds KEYS[1] for ARGV[2] ms if nobody else does. */
	private static final RedisScript<Long> LEASE = new DefaultRedisScript<>("""
			local holder = redis.call('GET', KEYS[1])
			if holder == ARGV[1] then
			  redis.call('PEXPIRE', KEYS[1], ARGV[2])
			  return 1
			end
			if not holder then
			  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
			  return 1
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	private final FerryProperties.Redis keys;

	WorkRedis(StringRedisTemplate redis, FerryProperties properties) {
		this.redis = redis;
		this.keys = properties.redis();
	}

	/**
	 * The tenant's stream. The hash tag {@code {t:<tenant>}} puts it (and any other key
	 * of the tenant that names the tag) in one Redis Cluster slot, whatever the prefix.
	 */
	String streamKey(UUID tenant) {
		return keys.key("work", tenantTag(tenant), "stream");
	}

	static String tenantTag(UUID tenant) {
		return "{t:" + tenant + "}";
	}

	String readyKey() {
		return keys.key("work", "tenants", "ready");
	}

	String streamsKey() {
		return keys.key("work", "tenants", "streams");
	}

	/**
	 * Adds the job ids to the tenant's stream, then lists the tenant among those with a
	 * stream and those ready. In this order: a reader that sees the tenant ready finds
	 * the entries, and a process dying between the two steps leaves entries that reclaim
	 * (for a listed stream) or the relay (for an unlisted one) brings back to readers.
	 */
	void publish(UUID tenant, Collection<UUID> jobIds) {
		if (jobIds.isEmpty()) {
			return;
		}
		redis.execute(PUBLISH, List.of(streamKey(tenant)), jobIds.stream().map(UUID::toString).toArray());
		redis.opsForSet().add(streamsKey(), tenant.toString());
		redis.opsForSet().add(readyKey(), tenant.toString());
	}

	/** The tenants with entries not yet delivered to any consumer. */
	List<UUID> readyTenants() {
		return tenants(readyKey());
	}

	/**
	 * The tenants that have a stream (possibly with entries delivered but not
	 * acknowledged).
	 */
	List<UUID> tenantsWithStreams() {
		return tenants(streamsKey());
	}

	private List<UUID> tenants(String key) {
		Set<String> members = redis.opsForSet().members(key);
		if (members == null) {
			return List.of();
		}
		return members.stream().map(UUID::fromString).sorted().toList();
	}

	/**
	 * Up to {@code count} new entries of the tenant's stream for this consumer. When
	 * there are none, the tenant leaves the ready set and the stream is read once more: a
	 * publish whose entries the first read missed has either added them before this
	 * second read (which takes them and marks the tenant ready again, as more may wait)
	 * or marks the tenant ready after the removal. Either way nothing is stranded,
	 * without the stream and the set having to change in one atomic step (they may live
	 * on different Redis Cluster nodes).
	 */
	List<Entry> read(UUID tenant, String consumer, int count) {
		List<Entry> entries = readStream(tenant, consumer, count);
		if (!entries.isEmpty()) {
			return entries;
		}
		redis.opsForSet().remove(readyKey(), tenant.toString());
		entries = readStream(tenant, consumer, count);
		if (!entries.isEmpty()) {
			redis.opsForSet().add(readyKey(), tenant.toString());
		}
		return entries;
	}

	private List<Entry> readStream(UUID tenant, String consumer, int count) {
		List<?> flat = redis.execute(READ, List.of(streamKey(tenant)), consumer, Integer.toString(count), GROUP);
		List<Entry> entries = new ArrayList<>();
		if (flat != null) {
			for (int i = 0; i + 1 < flat.size(); i += 2) {
				entries.add(new Entry(tenant, String.valueOf(flat.get(i)),
						UUID.fromString(String.valueOf(flat.get(i + 1)))));
			}
		}
		return entries;
	}

	/**
	 * Acknowledges the entry and deletes it, so the stream's length is the work still
	 * queued.
	 */
	void ack(Entry entry) {
		redis.execute(ACK, List.of(streamKey(entry.tenant())), GROUP, entry.id());
	}

	long streamLength(UUID tenant) {
		Long length = redis.opsForStream().size(streamKey(tenant));
		return length == null ? 0 : length;
	}

	/**
	 * Lists the tenant among those with a stream, so that reclaim visits it: the relay's
	 * safety net for a publish whose process died (or whose Redis node failed over) after
	 * the entries were added but before the tenant was listed.
	 */
	void listStream(UUID tenant) {
		redis.opsForSet().add(streamsKey(), tenant.toString());
	}

	/**
	 * Reclaims the tenant's entries idle longer than {@code minIdle}, marks the tenant
	 * ready when entries wait undelivered (reclaimed ones, or a publish that never got to
	 * mark it), and drops it from the streams set when its stream is empty. The drop is
	 * checked once more afterwards: a publish that added entries meanwhile lists the
	 * tenant again itself only if it does so after the drop, so the length is read again
	 * and the tenant put back if entries arrived.
	 * @return how many entries were reclaimed
	 */
	long reclaim(UUID tenant, Duration minIdle) {
		List<?> answer = redis.execute(RECLAIM, List.of(streamKey(tenant)), Long.toString(minIdle.toMillis()), GROUP);
		if (answer == null || answer.size() < 3) {
			return 0;
		}
		long reclaimed = ((Number) answer.get(0)).longValue();
		boolean undelivered = ((Number) answer.get(1)).longValue() > 0;
		long length = ((Number) answer.get(2)).longValue();
		if (reclaimed > 0 || undelivered) {
			redis.opsForSet().add(readyKey(), tenant.toString());
		}
		if (length == 0) {
			redis.opsForSet().remove(streamsKey(), tenant.toString());
			if (streamLength(tenant) > 0) {
				listStream(tenant);
			}
		}
		return reclaimed;
	}

	boolean holdLease(String name, String holder, Duration ttl) {
		Long held = redis.execute(LEASE, List.of(keys.key("work", "lease", name)), holder,
				Long.toString(ttl.toMillis()));
		return held != null && held == 1;
	}

	/** One delivered stream entry: which job, for which tenant. */
	record Entry(UUID tenant, String id, UUID jobId) {

	}

}
