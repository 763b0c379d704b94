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
 * Ferry's work in Redis: one stream per tenant ({@code work:stream:<tenant>}) read by the
 * consumer group {@value #GROUP}, the set of tenants with undelivered entries
 * ({@code work:ready}) that consumers rotate through, and the set of tenants that have a
 * stream at all ({@code work:streams}) that reclaim walks. Each multi-step operation is
 * one Lua script, so it is atomic against the others. Entries carry only a job id; the
 * job itself is in PostgreSQL.
 *
 * <p>
 * The scripts touch keys of several tenants, so this assumes one Redis (or a primary with
 * replicas), not Redis Cluster.
 */
@Component
class WorkRedis {

	static final String GROUP = "workers";

	/**
	 * Adds entries for the given job ids (ARGV[2..]) and marks the tenant (ARGV[1])
	 * ready.
	 */
	private static final RedisScript<Long> PUBLISH = new DefaultRedisScript<>("""
			for i = 2, #ARGV do
			  redis.call('XADD', KEYS[1], '*', 'job', ARGV[i])
			end
			redis.call('SADD', KEYS[2], ARGV[1])
			redis.call('SADD', KEYS[3], ARGV[1])
			return #ARGV - 1
			""", Long.class);

	/**
	 * Reads up to ARGV[3] new entries for consumer ARGV[2], creating the group if Redis
	 * lost it. When there is nothing new, takes the tenant (ARGV[1]) out of the ready set
	 * in the same step, so an entry added concurrently (whose SADD comes after) is never
	 * stranded. Returns [entryId, jobId, ...].
	 */
	private static final RedisScript<List> READ = new DefaultRedisScript<>("""
			local function read()
			  return redis.pcall('XREADGROUP', 'GROUP', ARGV[4], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
			end
			local r = read()
			if type(r) == 'table' and r.err then
			  if string.find(r.err, 'NOGROUP') then
			    redis.call('XGROUP', 'CREATE', KEYS[1], ARGV[4], '0', 'MKSTREAM')
			    r = read()
			  else
			    return redis.error_reply(r.err)
			  end
			end
			local out = {}
			if not r then
			  redis.call('SREM', KEYS[2], ARGV[1])
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
	 * Takes entries idle longer than ARGV[2] ms from whichever consumer holds them
	 * (XAUTOCLAIM), puts their job ids back on the stream as new entries for any
	 * consumer, and marks the tenant ready. Forgets consumers with nothing pending that
	 * have been idle ten times as long, and the tenant's stream when it is empty. Returns
	 * how many entries were reclaimed.
	 */
	private static final RedisScript<Long> RECLAIM = new DefaultRedisScript<>("""
			if redis.call('EXISTS', KEYS[1]) == 0 then
			  redis.call('SREM', KEYS[3], ARGV[1])
			  return 0
			end
			local r = redis.pcall('XAUTOCLAIM', KEYS[1], ARGV[3], 'reclaimer', ARGV[2], '0-0', 'COUNT', 100)
			if type(r) == 'table' and r.err then return 0 end
			local n = 0
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
			    redis.call('XACK', KEYS[1], ARGV[3], entry[1])
			    redis.call('XDEL', KEYS[1], entry[1])
			  end
			end
			if n > 0 then redis.call('SADD', KEYS[2], ARGV[1]) end
			local consumers = redis.pcall('XINFO', 'CONSUMERS', KEYS[1], ARGV[3])
			if type(consumers) == 'table' and not consumers.err then
			  for _, c in ipairs(consumers) do
			    local info = {}
			    for i = 1, #c, 2 do info[c[i]] = c[i + 1] end
			    if tonumber(info['pending']) == 0 and tonumber(info['idle']) > tonumber(ARGV[2]) * 10 then
			      redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[3], info['name'])
			    end
			  end
			end
			if redis.call('XLEN', KEYS[1]) == 0 then
			  redis.call('SREM', KEYS[3], ARGV[1])
			end
			return n
			""", Long.class);

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

	String streamKey(UUID tenant) {
		return keys.key("work", "stream", tenant.toString());
	}

	String readyKey() {
		return keys.key("work", "ready");
	}

	String streamsKey() {
		return keys.key("work", "streams");
	}

	void publish(UUID tenant, Collection<UUID> jobIds) {
		if (jobIds.isEmpty()) {
			return;
		}
		List<String> args = new ArrayList<>(jobIds.size() + 1);
		args.add(tenant.toString());
		jobIds.forEach(id -> args.add(id.toString()));
		redis.execute(PUBLISH, List.of(streamKey(tenant), readyKey(), streamsKey()), args.toArray());
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

	/** Up to {@code count} new entries of the tenant's stream for this consumer. */
	List<Entry> read(UUID tenant, String consumer, int count) {
		List<?> flat = redis.execute(READ, List.of(streamKey(tenant), readyKey()), tenant.toString(), consumer,
				Integer.toString(count), GROUP);
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

	long reclaim(UUID tenant, Duration minIdle) {
		Long n = redis.execute(RECLAIM, List.of(streamKey(tenant), readyKey(), streamsKey()), tenant.toString(),
				Long.toString(minIdle.toMillis()), GROUP);
		return n == null ? 0 : n;
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
