enum Etcd3MessagesPlaceholder {}
