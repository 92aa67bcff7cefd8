-- How a room stands: {preQueue, waiting, active, admitted over the rate window}
return {tostring(redis.call('ZCARD', P .. 'prequeue')), tostring(redis.call('ZCARD', P .. 'waiting')),
        tostring(redis.call('ZCARD', P .. 'active')), redis.call('HGET', P .. 'admission', 'recent') or '0'}
